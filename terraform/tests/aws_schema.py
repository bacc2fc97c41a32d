"""The hashicorp/aws provider schema without the provider binary, and an offline check against it.

The provider cannot be downloaded or built here, but its schema is published, generated, as the jsii assembly of
the CDK Terrain bindings (npm @cdktn/provider-aws; its package.json names the provider version).

  extract PKG OUT    turns that assembly (PKG/.jsii, the unpacked npm package) into OUT in the format of
                     `tofu providers schema -json` (attributes with cty types and required/optional/computed,
                     nested blocks). The stub provider in tools/go/aws-provider-stub serves it to `tofu validate`
                     and `tofu plan`.
  check SCHEMA TF... reads .tf files (python-hcl2) and reports unknown resource/data types, unknown arguments and
                     blocks (nested too), missing required arguments, and references to unknown attributes.

Derived, so approximate: every block is list-nested, optional arguments are treated as optional+computed, and the
provider's own validators (value ranges, formats, conflicts) do not run. That still needs the real provider.
"""
import json
import re
import sys

PROVIDER = "registry.opentofu.org/hashicorp/aws"
ANCHOR = re.compile(r"#([a-z0-9_]+) \w+#\1\}")
TYPE_DOC = re.compile(r"/docs/(resources|data-sources)/([a-z0-9_]+) (aws_[a-z0-9_]+)\}")
META = {"count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection", "dynamic"}
SKIP_GETTERS = {"internalValue", "fqn", "terraformResourceType", "tfResourceType", "creationStack"}
MAPS = {"cdktn.StringMap": ["map", "string"], "cdktn.NumberMap": ["map", "number"],
        "cdktn.BooleanMap": ["map", "bool"], "cdktn.AnyMap": ["map", "dynamic"],
        "cdktn.StringMapList": ["list", ["map", "string"]], "cdktn.NumberMapList": ["list", ["map", "number"]],
        "cdktn.BooleanMapList": ["list", ["map", "bool"]], "cdktn.AnyMapList": ["list", ["map", "dynamic"]],
        "cdktn.StringListList": ["list", ["list", "string"]], "cdktn.NumberListList": ["list", ["list", "number"]]}


def snake(name):
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


class Extractor:
    def __init__(self, types):
        self.types = types

    def tf_name(self, prop):
        docs = prop.get("docs", {})
        m = ANCHOR.search(docs.get("summary", "") + " " + docs.get("remarks", ""))
        return m.group(1) if m else None

    def struct_of(self, ty):
        """The struct (interface) fqn behind a property type and whether it is a list of them."""
        if "fqn" in ty and self.types.get(ty["fqn"], {}).get("kind") == "interface":
            return ty["fqn"], False
        for t in ty.get("union", {}).get("types", []):
            e = t.get("collection", {}).get("elementtype", {})
            if "fqn" in e and self.types.get(e["fqn"], {}).get("kind") == "interface":
                return e["fqn"], True
        return None, False

    def cty(self, ty, depth=0):
        if "primitive" in ty:
            return {"string": "string", "number": "number", "boolean": "bool", "any": "dynamic",
                    "json": "dynamic", "date": "string"}[ty["primitive"]]
        if "collection" in ty:
            kind = "list" if ty["collection"]["kind"] == "array" else "map"
            return [kind, self.cty(ty["collection"]["elementtype"], depth)]
        if "union" in ty:
            real = [t for t in ty["union"]["types"] if t.get("fqn") != "cdktn.IResolvable"]
            return self.cty(real[0], depth) if real else "dynamic"
        fqn = ty.get("fqn", "")
        if fqn in MAPS:
            return MAPS[fqn]
        t = self.types.get(fqn)
        if t is None or depth > 8:
            return "dynamic"
        if t["kind"] == "interface":  # struct-typed argument (not a block): an object
            return ["object", {a: v["type"] for a, v in self.block(fqn, depth + 1)["attributes"].items()}]
        if fqn.endswith("List"):  # ComplexList of OutputReference: list(object)
            ref = self.types.get(fqn[: -len("List")] + "OutputReference")
            return ["list", self.object_from_class(ref, depth + 1)] if ref else ["list", "dynamic"]
        if fqn.endswith("OutputReference"):
            return ["list", self.object_from_class(t, depth + 1)]
        return "dynamic"

    def object_from_class(self, cls, depth):
        attrs = {}
        for p in cls.get("properties", []):
            n = p["name"]
            if p.get("static") or n in SKIP_GETTERS or n.endswith("Input"):
                continue
            attrs[snake(n)] = self.cty(p["type"], depth)
        return ["object", attrs]

    def block(self, fqn, depth=0, cls=None):
        """Schema block for a config struct; cls (resource class or OutputReference) adds computed attributes."""
        attributes, block_types, names = {}, {}, set()
        for prop in self.types[fqn].get("properties", []):
            name = self.tf_name(prop)
            if not name:
                continue
            names.add(prop["name"])
            required = not prop.get("optional", False)
            struct, is_list = self.struct_of(prop["type"])
            if struct and prop.get("docs", {}).get("summary", "").endswith("block.") and depth < 8:
                ref = self.types.get(struct + "OutputReference")
                nested = {"nesting_mode": "single" if name == "timeouts" else "list",
                          "block": self.block(struct, depth + 1, ref)}
                if name != "timeouts":
                    if required:
                        nested["min_items"] = 1
                    if not is_list:
                        nested["max_items"] = 1
                block_types[name] = nested
            else:
                attr = {"type": self.cty(prop["type"], depth)}
                attr.update({"required": True} if required else {"optional": True, "computed": True})
                attributes[name] = attr
        for p in (cls or {}).get("properties", []):
            n = p["name"]
            if p.get("static") or n in names or n in SKIP_GETTERS or n.endswith("Input"):
                continue
            name = snake(n)
            if name in attributes or name in block_types:
                continue
            attributes[name] = {"type": self.cty(p["type"], depth), "computed": True}
        out = {"attributes": attributes}
        if block_types:
            out["block_types"] = block_types
        return out


def extract(package_dir, out_path):
    with open(f"{package_dir}/.jsii", encoding="utf-8") as f:
        types = json.load(f)["types"]
    with open(f"{package_dir}/package.json", encoding="utf-8") as f:
        version = json.load(f)["cdktf"]["provider"]["version"]
    ex = Extractor(types)
    resources, data_sources = {}, {}
    for fqn, t in types.items():
        if t.get("kind") != "class" or fqn + "Config" not in types:
            continue
        m = TYPE_DOC.search(t.get("docs", {}).get("summary", ""))
        if not m:
            continue
        target = resources if m.group(1) == "resources" else data_sources
        target[m.group(3).replace("data_aws_", "aws_")] = {"version": 0, "block": ex.block(fqn + "Config", 0, t)}
    provider_fqn = next(k for k in types if k.endswith(".provider.AwsProvider"))
    provider = ex.block(provider_fqn + "Config")
    provider["attributes"].pop("alias", None)
    schema = {"format_version": "1.0", "provider_version": version, "provider_schemas": {PROVIDER: {
        "provider": {"version": 0, "block": provider},
        "resource_schemas": resources, "data_source_schemas": data_sources}}}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(schema, f, separators=(",", ":"), sort_keys=True)
    print(f"{len(resources)} resources, {len(data_sources)} data sources of hashicorp/aws {version}")


def check(schema_path, files):
    import hcl2  # python-hcl2, installed by tools/recipes/python-hcl2.sh

    with open(schema_path, encoding="utf-8") as f:
        doc = json.load(f)
    schemas = doc["provider_schemas"][PROVIDER]
    by_kind = {"resource": schemas["resource_schemas"], "data": schemas["data_source_schemas"]}
    errors = []

    def check_body(where, body, block):
        body = {k.strip('"'): v for k, v in body.items()}
        attrs, blocks = block.get("attributes", {}), block.get("block_types", {})
        for key, value in body.items():
            if key in META or key.startswith("__"):
                continue
            if key in blocks:
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, dict):
                        check_body(f"{where}.{key}", item, blocks[key]["block"])
            elif key not in attrs or (attrs[key].get("computed") and not attrs[key].get("optional")):
                errors.append(f'{where}: unknown argument or block "{key}"')
        for key, spec in attrs.items():
            if spec.get("required") and key not in body:
                errors.append(f'{where}: missing required argument "{key}"')
        for key, spec in blocks.items():
            if spec.get("min_items") and key not in body:
                errors.append(f'{where}: missing required block "{key}"')

    blocks = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            parsed = hcl2.load(f)
        for kind in ("resource", "data"):
            for entry in parsed.get(kind, []):
                for rtype, instances in entry.items():
                    rtype = rtype.strip('"')
                    for rname, body in instances.items():
                        blocks += 1
                        where = f"{path}: {kind}.{rtype}.{rname.strip(chr(34))}"
                        if rtype not in by_kind[kind]:
                            errors.append(f"{where}: unknown {kind} type")
                            continue
                        check_body(where, body, by_kind[kind][rtype]["block"])

    ref = re.compile(r"(?<![\w.])(data\.)?(aws_[a-z0-9_]+)\.([a-z0-9_]+)(?:\[[^\]]*\])?\.([a-z0-9_]+)")
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for m in ref.finditer(text):
            known = by_kind["data" if m.group(1) else "resource"].get(m.group(2))
            if known:
                block = known["block"]
                if m.group(4) not in block["attributes"] and m.group(4) not in block.get("block_types", {}):
                    errors.append(f'{path}: {m.group(0)}: {m.group(2)} has no attribute "{m.group(4)}"')

    for e in sorted(set(errors)):
        print(e)
    print(f"{blocks} resource/data blocks in {len(files)} files checked against hashicorp/aws "
          f"{doc['provider_version']}: {len(set(errors))} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "extract":
        extract(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3:]))
    else:
        sys.exit(__doc__)
