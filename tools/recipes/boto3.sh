# boto3 (the AWS SDK for Python) in a private venv; `boto3-python` is that venv's interpreter. The post-destroy
# sweep (terraform/sweep/sweep.py) runs with it, against AWS in make teardown and against moto in make test.
venv="$(dirname "$DEST")/venv"
python3 -m venv "$venv" || exit 1
"$venv/bin/pip" install --quiet --disable-pip-version-check "boto3==$VERSION" || exit 1
printf '#!/bin/sh\nexec "%s" "$@"\n' "$venv/bin/python" > "$DEST/boto3-python"
chmod +x "$DEST/boto3-python"
"$DEST/boto3-python" -c 'import boto3; print("boto3", boto3.__version__)'
