# talkwatch: news alerts on the Iran–USA talks for Telegram and Slack.
# The base image is a build argument so it can be swapped (CI builds from a
# Debian root filesystem it makes itself, with no registry in reach).
ARG BASE_IMAGE=python:3.12-slim-bookworm

FROM ${BASE_IMAGE} AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY requirements/base.txt requirements/base.txt
COPY bot bot
COPY handlers handlers
COPY storage storage
COPY config config
# The place index (bot.news.gazetteer) is built here, once, so the bot starts without
# building it and its user needs no writable cache.
ENV TALKWATCH_CACHE_DIR=/opt/talkwatch/cache
# The locked versions, hashes checked; then talkwatch itself, without resolving again.
RUN python3 -m venv /opt/talkwatch \
    && /opt/talkwatch/bin/pip install --no-cache-dir --disable-pip-version-check \
       --require-hashes -r requirements/base.txt \
    && /opt/talkwatch/bin/pip install --no-cache-dir --disable-pip-version-check --no-deps . \
    && /opt/talkwatch/bin/talkwatch gazetteer

FROM ${BASE_IMAGE}
RUN useradd --no-log-init --uid 10001 --home-dir /data --shell /usr/sbin/nologin talkwatch \
    && mkdir -p /data \
    && chown talkwatch /data
COPY --from=build /opt/talkwatch /opt/talkwatch
# Configuration by environment; secrets (TELEGRAM_BOT_TOKEN, SLACK_*) are passed at run time.
ENV PATH=/opt/talkwatch/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    TALKWATCH_CACHE_DIR=/opt/talkwatch/cache \
    TALKWATCH_DB=/data/talkwatch.db \
    TALKWATCH_HEALTH_HOST=0.0.0.0 \
    TALKWATCH_HEALTH_PORT=8080
USER 10001
WORKDIR /data
VOLUME ["/data"]
# 8080: /healthz and /metrics; 3000: Slack HTTP mode; 8443: Telegram webhook mode; 8090: the
# web page (when [web] is enabled).
EXPOSE 8080 3000 8443 8090
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["talkwatch", "healthcheck"]
# SIGTERM: finish the send in flight, leave the outbox consistent, exit.
STOPSIGNAL SIGTERM
ENTRYPOINT ["talkwatch"]
CMD ["run"]
