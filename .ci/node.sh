# Source this (bash): puts a supported Node.js first on PATH for this shell.
#
#   source .ci/node.sh        # then node, npm and npx are Node >= 22.14 (Node 24 if it had to install)
#
# When the machine's Node is older than NODE_MIN (better-sqlite3 13 needs Node-API 10: Node 22.14),
# installs the pinned Node 24 LTS from the npm registry's node-linux-<arch> package into
# $BPL_TOOLS_DIR (default ~/.cache/backprop-live) once, and puts its bin/ first on PATH. npm itself
# stays the machine's; it runs under that node. Native modules are built against the headers of
# the node that runs (npm_config_nodedir), never against a ~/.npmrc `nodedir` for another version
# (a mismatch gives "NODE_MODULE_VERSION" crashes at require time). Fails loudly (returns 1).
NODE_MIN="22.14.0"
NODE_PINNED="24.22.3"

bpl_version_at_least() { # $1 >= $2, both x.y.z
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

bpl_use_node() {
  local current="" arch pkg dir
  command -v node >/dev/null 2>&1 && current="$(node -p 'process.versions.node' 2>/dev/null || true)"
  if [ -n "$current" ] && bpl_version_at_least "$current" "$NODE_MIN"; then
    echo "== node v$current (machine's; at least $NODE_MIN)"
  else
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) arch=x64 ;;
      Linux-aarch64 | Linux-arm64) arch=arm64 ;;
      *) echo "FATAL: node ${current:-missing} is older than $NODE_MIN, and there is no node-linux package for $(uname -sm); install Node.js 24 LTS." >&2; return 1 ;;
    esac
    if ! command -v npm >/dev/null 2>&1; then
      echo "FATAL: node ${current:-missing} is older than $NODE_MIN and there is no npm to install Node $NODE_PINNED with." >&2
      return 1
    fi
    pkg="node-linux-$arch"
    dir="${BPL_TOOLS_DIR:-$HOME/.cache/backprop-live}/node-$NODE_PINNED-$arch"
    if [ "$("$dir/node_modules/$pkg/bin/node" --version 2>/dev/null)" != "v$NODE_PINNED" ]; then
      echo "== node ${current:+v$current }is older than $NODE_MIN: installing $pkg@$NODE_PINNED into $dir"
      rm -rf "$dir" && mkdir -p "$dir" || return 1
      # --ignore-scripts: the package is the plain release tarball; nothing to run.
      if ! npm install --prefix "$dir" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund "$pkg@$NODE_PINNED" >"$dir/install.log" 2>&1; then
        cat "$dir/install.log" >&2
        echo "FATAL: could not install $pkg@$NODE_PINNED from the npm registry." >&2
        return 1
      fi
    fi
    export PATH="$dir/node_modules/$pkg/bin:$PATH"
    hash -r
    if [ "$(node --version)" != "v$NODE_PINNED" ]; then
      echo "FATAL: installed Node $NODE_PINNED at $dir, but \`node\` on PATH is $(node --version)." >&2
      return 1
    fi
  fi
  # The headers of the node that runs: the official release layout has include/node next to bin/.
  local root
  root="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  if [ -f "$root/include/node/node_version.h" ]; then
    export npm_config_nodedir="$root"
  else
    export npm_config_nodedir="" # overrides a ~/.npmrc nodedir; node-gyp fetches this version's headers
  fi
  return 0
}
