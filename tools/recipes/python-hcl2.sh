# python-hcl2 (HCL parser) in a private venv; `hcl2-python` is that venv's interpreter.
venv="$(dirname "$DEST")/venv"
python3 -m venv "$venv" || exit 1
"$venv/bin/pip" install --quiet --disable-pip-version-check "python-hcl2==$VERSION" || exit 1
printf '#!/bin/sh\nexec "%s" "$@"\n' "$venv/bin/python" > "$DEST/hcl2-python"
chmod +x "$DEST/hcl2-python"
"$DEST/hcl2-python" -c 'import hcl2'
