# Voice Gateway image: built with the Maven wrapper, run as a non-root user from Spring Boot's layered jar.
#   docker build -t voice-gateway .
#   docker build --build-arg IMAGE_PREFIX=registry.example.com/dockerhub/ -t voice-gateway .   # through a mirror
# Tests are not run here (they need PostgreSQL); CI (.ci/run) runs them with ./mvnw verify, and builds and runs this
# image with docker-compose.yml (.ci/compose-smoke).
# No "# syntax=" line: BuildKit would fetch that frontend image from Docker Hub, past any mirror; nothing here needs it.

# Where the base images come from, ending in "/": empty for Docker Hub, a company mirror's path otherwise.
ARG IMAGE_PREFIX=""

# ---- build ---------------------------------------------------------------------------------------------------------
FROM ${IMAGE_PREFIX}eclipse-temurin:17-jdk-jammy AS build
WORKDIR /workspace

# Dependencies first, in their own layer: editing sources does not download them again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline

COPY src src
# No tests here, so neither their compilation nor the client they generate from docs/openapi.json (not copied).
RUN ./mvnw -B -q package -Dmaven.test.skip=true -Dcodegen.skip=true \
 && cp target/voice-gateway-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

# ---- runtime -------------------------------------------------------------------------------------------------------
# Runtime: Temurin 25 (bench/RESULTS.md: less CPU per message than JDK 17 for the same jar); the jar targets Java 17.
FROM ${IMAGE_PREFIX}eclipse-temurin:25-jre-jammy

# curl for the HEALTHCHECK; installed explicitly rather than trusting the base image to keep shipping it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 gateway \
 && useradd --system --uid 10001 --gid gateway --no-create-home --shell /usr/sbin/nologin gateway

WORKDIR /app
# Least to most often changed, so a code change only replaces the last, small layer.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./

USER gateway:gateway
EXPOSE 8080

# No Spring profile: the image runs live and stops at start, naming what to set, without the 8x8 settings
# (docs/configuration.md). docker-compose.yml adds SPRING_PROFILES_ACTIVE=sandbox for the built-in 8x8 sandbox.
# Size the heap from the container's memory limit, not the host's; die (and be restarted) on OOM rather than limp.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    SERVER_PORT=8080

# Liveness only: a restart cures a hung JVM, not a wrong 8x8 key or a database outage (/actuator/health shows those).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://localhost:${SERVER_PORT}/actuator/health/liveness" || exit 1

# exec: java becomes PID 1 and gets SIGTERM, so the graceful shutdown runs.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS org.springframework.boot.loader.launch.JarLauncher"]
