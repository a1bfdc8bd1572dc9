# Production image: the same lock file as `make`, served by gunicorn.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HAJJPORTAL_VAR=/srv/var
WORKDIR /srv/app
COPY requirements.lock pyproject.toml ./
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
RUN pip install --no-cache-dir --no-deps . \
    && SECRET_KEY=build-only DEBUG=0 python manage.py collectstatic --noinput \
    && SECRET_KEY=build-only DEBUG=0 python manage.py compiletranslations
EXPOSE 8000
CMD ["gunicorn", "hajjportal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4"]
