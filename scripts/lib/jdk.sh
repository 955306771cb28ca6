# Sourced by mvnw and the scripts: this project compiles for Java 21, so pick a JDK 21+ when the
# current JAVA_HOME (or the default java) is older. Prefers JAVA_HOME, then java on PATH, then /usr/lib/jvm.
_uc_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1; }
_uc_pick_jdk() {
  local cand major had_f=0
  case $- in *f*) had_f=1; set +f ;; esac  # mvnw runs with globbing off
  for cand in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
              /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*21* /usr/lib/jvm/* "$HOME"/.jdks/*; do
    [ -n "$cand" ] && [ -x "$cand/bin/javac" ] || continue
    major=$(_uc_java_major "$cand")
    case "$major" in ''|1.*) continue ;; esac
    if [ "$major" -ge 21 ] 2>/dev/null; then export JAVA_HOME="$cand"; [ $had_f = 0 ] || set -f; return 0; fi
  done
  [ $had_f = 0 ] || set -f
  echo "unified-commerce: no JDK 21 or newer found (set JAVA_HOME to one)" >&2
  return 1
}
_uc_pick_jdk
