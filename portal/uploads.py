"""What an uploaded document really is: we trust its first bytes, not its name or the browser."""

# Magic numbers of the documents pilgrims may upload (reports, probates, photos).
SIGNATURES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png",
              b"\xff\xd8\xff": "image/jpeg"}


def sniff_content_type(upload) -> str | None:
    """The content type the file's first bytes prove, or None for anything else."""
    head = upload.read(8)
    upload.seek(0)
    return next((ctype for magic, ctype in SIGNATURES.items() if head.startswith(magic)), None)
