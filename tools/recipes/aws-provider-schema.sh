# The hashicorp/aws provider schema, reduced to JSON from the jsii assembly of npm @cdktn/provider-aws (generated
# from the provider; its package.json names the provider version). `aws-provider-schema` prints the JSON's path.
# VERSION is <npm version>-<revision of the extract step>.
tmp=$(mktemp -d)
(cd "$tmp" && npm pack --silent "@cdktn/provider-aws@${VERSION%-*}" >/dev/null && tar xzf ./*.tgz package/.jsii package/package.json) \
  || exit 1
python3 "$(dirname "${BASH_SOURCE[0]}")/../../terraform/tests/aws_schema.py" extract "$tmp/package" "$(dirname "$DEST")/aws-schema.json" \
  || exit 1
rm -rf "$tmp"
printf '#!/bin/sh\necho "%s"\n' "$(dirname "$DEST")/aws-schema.json" > "$DEST/aws-provider-schema"
chmod +x "$DEST/aws-provider-schema"
