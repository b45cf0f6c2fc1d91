# One image for both process types; docker-compose.yml picks the command.
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PORT=8000
# The runtime lock (`make lock`): every package pinned, and pip refuses any file whose hash differs.
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
RUN useradd --create-home togglbot && chown -R togglbot /app
USER togglbot
EXPOSE 8000
CMD ["gunicorn", "app:create_app()"]
