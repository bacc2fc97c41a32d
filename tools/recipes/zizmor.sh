# zizmor (GitHub Actions security linter) from its PyPI wheel, which bundles the binary; a private venv.
pip_install zizmor -- "zizmor==$VERSION" || exit 1
"$DEST/zizmor" --version
