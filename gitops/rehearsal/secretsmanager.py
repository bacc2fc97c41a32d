"""What AWS Secrets Manager holds right after `make deploy` on a fresh account, as the rehearsal's ESO stub sees it.

Three sources, all from the repository so the picture follows the code: the RDS-managed master secret of the
hand-off (RDS creates it with `username` and `password`); the secrets `make deploy` creates itself (each
`aws secretsmanager create-secret` in `make -n deploy`, with a value when it passes --secret-string); and every
`aws_secretsmanager_secret` of the dev stack and of the local modules it calls (the Cognito service clients' secrets),
which holds a value only if Terraform also writes an `aws_secretsmanager_secret_version` of it (a secret Terraform
creates empty stays empty until someone fills it in by hand). A key may be a name or an ARN, as for GetSecretValue.
The Terraform files are read with python-hcl2:
  hcl2-python gitops/rehearsal/secretsmanager.py terraform/environments/dev   prints {name: [keys] or null}
"""
import json
import re
import subprocess
import sys
from pathlib import Path

RDS_KEYS = ["username", "password", "engine", "host", "port", "dbname"]


def terraform_secrets(stack: Path, inputs=None):
    """{secret name: [JSON keys of its value] or [] (a non-JSON value) or None (no value)} of a Terraform folder and
    of the local modules it calls (a module's variables take the values the call passes, else their defaults; a
    `for_each = toset(var.x)` secret is one secret per element, named with each.key)."""
    import hcl2  # only under hcl2-python

    unquote = lambda v: v[1:-1] if isinstance(v, str) and len(v) > 1 and v[0] == v[-1] == '"' else v  # noqa: E731

    def keys_unquoted(node):  # python-hcl2 keeps the quotes of block labels ("aws_secretsmanager_secret")
        if isinstance(node, dict):
            return {unquote(k): keys_unquoted(v) for k, v in node.items()}
        if isinstance(node, list):
            return [keys_unquoted(v) for v in node]
        return node

    docs = [keys_unquoted(hcl2.load(open(f))) for f in sorted(stack.glob("*.tf"))]
    values = {}
    for d in docs:
        for block in d.get("locals", []):
            for k, v in block.items():
                values[f"local.{k}"] = unquote(v)
        for block in d.get("variable", []):
            for k, v in block.items():
                if "default" in v:
                    values[f"var.{k}"] = unquote(v["default"])
    values.update({f"var.{k}": v for k, v in (inputs or {}).items()})

    def resolve(s, each=None):
        s = unquote(s)
        if isinstance(s, list):
            return [resolve(v, each) for v in s]
        if not isinstance(s, str):
            return s
        scope = dict(values, **({"each.key": each} if each is not None else {}))
        whole = re.fullmatch(r"\$\{([a-z_.]+)\}", s)
        if whole and isinstance(scope.get(whole.group(1)), list):
            return scope[whole.group(1)]
        out, before = s, None
        while out != before:  # a local may refer to other locals
            before, out = out, re.sub(r"\$\{([a-z_.]+)\}", lambda m: str(scope.get(m.group(1), m.group(0))), out)
        if "${" in out:
            raise SystemExit(f"secretsmanager.py: cannot resolve {s} in {stack}")
        return out

    def instances(body):
        """each.key of every instance of a resource: [None] without for_each."""
        if "for_each" not in body:
            return [None]
        m = re.fullmatch(r"\$\{toset\((var\.[a-z_]+)\)\}", unquote(body["for_each"]))
        if not m or not isinstance(values.get(m.group(1)), list):
            raise SystemExit(f"secretsmanager.py: cannot expand for_each {body['for_each']} in {stack}")
        return values[m.group(1)]

    secrets, versions = {}, {}
    for d in docs:
        for block in d.get("resource", []):
            for rid, body in (block.get("aws_secretsmanager_secret") or {}).items():
                for each in instances(body):
                    secrets[(rid, each)] = resolve(body["name"], each)
            for _, body in (block.get("aws_secretsmanager_secret_version") or {}).items():
                ref = re.search(r"aws_secretsmanager_secret\.([a-z0-9_]+)[.\[]", unquote(body["secret_id"]))
                keys = re.findall(r"\b([a-z_]+)\s*=", unquote(str(body.get("secret_string", ""))))
                if ref:
                    versions[ref.group(1)] = keys
    found = {name: versions.get(rid) for (rid, _), name in secrets.items()}
    for d in docs:
        for block in d.get("module", []):
            for _, call in block.items():
                source = unquote(call.get("source", ""))
                if not source.startswith("."):
                    continue  # a registry module creates none of our secrets
                args = {}
                for k, v in call.items():
                    if k in ("source", "version", "providers", "depends_on") or k.startswith("__"):
                        continue
                    try:  # only what a secret name can use: literals, locals, variables (not other resources)
                        args[k] = resolve(v)
                    except SystemExit:
                        pass
                found.update(terraform_secrets((stack / source).resolve(), args))
    return found


def deploy_secrets(repo: Path):
    """{name: [keys] or None} of the secrets `make deploy` creates with the AWS CLI (read from `make -n deploy`)."""
    out = subprocess.run(["make", "--no-print-directory", "-n", "-C", str(repo), "deploy", "AUTO_APPROVE=1"],
                         capture_output=True, text=True)
    text = out.stdout.replace("\\\n", " ")
    found = {}
    for cmd in re.findall(r"aws secretsmanager create-secret[^\n]*", text):
        name = re.search(r"--name\s+(\S+)", cmd)
        if name:
            # A JSON value written inline ({\"username\":...}) has those keys; another value is just "a value".
            keys = re.findall(r'\\"([a-z_]+)\\":', cmd)
            found[name.group(1)] = keys if "--secret-string" in cmd else None
    return found


class SecretsManager:
    def __init__(self, secrets, region=None, account_id=None):
        self.secrets = secrets  # name or ARN -> list of keys, or None for a secret without a value
        # GetSecretValue takes a name or an ARN; a secret's ARN is its name plus "-" and six random characters.
        self.arn = re.compile(rf"arn:aws:secretsmanager:{re.escape(region or '[a-z0-9-]+')}:"
                              rf"{re.escape(account_id or '[0-9]+')}:secret:(.+)-[A-Za-z0-9]{{6}}")

    @classmethod
    def after_deploy(cls, repo: Path, handoff: dict, hcl2_python="hcl2-python"):
        out = subprocess.run([hcl2_python, __file__, str(repo / "terraform" / "environments" / "dev")],
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"reading the Terraform secrets: {out.stderr.strip()}")
        secrets = json.loads(out.stdout)
        secrets.update(deploy_secrets(repo))
        secrets[handoff["rds_master_secret_arn"]] = RDS_KEYS
        return cls(secrets, handoff["region"], handoff["account_id"])

    def has(self, key, prop=None):
        arn = self.arn.fullmatch(key)
        keys = self.secrets.get(key, self.secrets.get(arn.group(1)) if arn else None)
        return keys is not None and (prop is None or prop in keys)

    def describe(self):
        return ", ".join(f"{k} ({'empty' if v is None else ', '.join(v) or 'a value'})"
                         for k, v in sorted(self.secrets.items()))


if __name__ == "__main__":
    print(json.dumps(terraform_secrets(Path(sys.argv[1]))))
