"""The one shape of an expected refusal, shared by every app's domain error.

Each app declares its codes once, `MESSAGES = {code: (http_status, lazy message)}`, and
subclasses DomainError with them; views and the API show `message` in the reader's language
(the lazy text is rendered when it is read, not when it is raised).
"""


class DomainError(Exception):
    """An expected refusal, shown to the user in their language."""

    messages: dict = {}

    def __init__(self, code, **params):
        self.code = code
        self.params = params
        self.status, self._message = self.messages[code]
        super().__init__(code)

    @property
    def message(self):
        return self._message % self.params if self.params else self._message

    def __str__(self):
        return str(self.message)
