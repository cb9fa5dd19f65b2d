# Sourced by ./mvnw and ./reelpipe: makes JAVA_HOME point at a JDK 21 or newer.
# Order: the caller's JAVA_HOME if new enough, then `java` on PATH, then the newest JDK under /usr/lib/jvm.
reelpipe_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -1
}
reelpipe_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(reelpipe_java_major "$JAVA_HOME/bin/java"); [ "${v:-0}" -ge 21 ] && return 0
  fi
  if command -v javac >/dev/null 2>&1; then
    jh=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(reelpipe_java_major "$jh/bin/java"); if [ "${v:-0}" -ge 21 ]; then export JAVA_HOME="$jh"; return 0; fi
  fi
  best=""; bestv=0
  for jh in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -x "$jh/bin/javac" ] || continue
    v=$(reelpipe_java_major "$jh/bin/java")
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best="$jh"; bestv="$v"; fi
  done
  if [ -n "$best" ]; then export JAVA_HOME="$best"; return 0; fi
  echo "Reelpipe needs a JDK 21 or newer (javac included). None found in JAVA_HOME, on PATH or under /usr/lib/jvm." >&2
  echo "Install one, e.g.: apt-get install -y openjdk-21-jdk-headless (or temurin-25-jdk), then retry." >&2
  return 1
}
reelpipe_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
