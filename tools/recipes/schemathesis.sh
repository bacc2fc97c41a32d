# Schemathesis (OpenAPI-driven property-based API testing, on Hypothesis) from PyPI into a private venv.
pip_install schemathesis st -- "schemathesis==$VERSION" || exit 1
"$DEST/schemathesis" --version
