# Checkov (IaC security scanner) from PyPI into a private venv.
pip_install checkov -- "checkov==$VERSION" || exit 1
"$DEST/checkov" --version
