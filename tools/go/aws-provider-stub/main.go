// Command terraform-provider-aws is a stand-in for the hashicorp/aws provider that knows only its schema.
//
// It serves the schema written by terraform/tests/aws_schema.py (the `tofu providers schema -json` format, read
// from the file named by AWS_PROVIDER_STUB_SCHEMA) so that `tofu validate` and `tofu plan` can check a
// configuration offline: types, required arguments, blocks, references, for_each/count known-ness, module wiring.
// It never calls AWS: plans mark every unset computed attribute as unknown, data sources answer with
// placeholder values, and apply is refused.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tfprotov5/tf5server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

const address = "registry.opentofu.org/hashicorp/aws"

type jsonBlock struct {
	Attributes map[string]struct {
		Type     json.RawMessage `json:"type"`
		Required bool            `json:"required"`
		Optional bool            `json:"optional"`
		Computed bool            `json:"computed"`
	} `json:"attributes"`
	BlockTypes map[string]struct {
		NestingMode string    `json:"nesting_mode"`
		Block       jsonBlock `json:"block"`
		MinItems    int64     `json:"min_items"`
		MaxItems    int64     `json:"max_items"`
	} `json:"block_types"`
}

type jsonSchema struct {
	Version int64     `json:"version"`
	Block   jsonBlock `json:"block"`
}

type schemaFile struct {
	ProviderSchemas map[string]struct {
		Provider          jsonSchema            `json:"provider"`
		ResourceSchemas   map[string]jsonSchema `json:"resource_schemas"`
		DataSourceSchemas map[string]jsonSchema `json:"data_source_schemas"`
	} `json:"provider_schemas"`
}

func parseType(raw json.RawMessage) (tftypes.Type, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		switch s {
		case "string":
			return tftypes.String, nil
		case "number":
			return tftypes.Number, nil
		case "bool":
			return tftypes.Bool, nil
		case "dynamic":
			return tftypes.DynamicPseudoType, nil
		}
		return nil, fmt.Errorf("unknown type %q", s)
	}
	var parts []json.RawMessage
	if err := json.Unmarshal(raw, &parts); err != nil || len(parts) != 2 {
		return nil, fmt.Errorf("bad type %s", raw)
	}
	var kind string
	_ = json.Unmarshal(parts[0], &kind)
	if kind == "object" {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(parts[1], &fields); err != nil {
			return nil, err
		}
		attrs := map[string]tftypes.Type{}
		for k, v := range fields {
			t, err := parseType(v)
			if err != nil {
				return nil, err
			}
			attrs[k] = t
		}
		return tftypes.Object{AttributeTypes: attrs}, nil
	}
	elem, err := parseType(parts[1])
	if err != nil {
		return nil, err
	}
	switch kind {
	case "list":
		return tftypes.List{ElementType: elem}, nil
	case "set":
		return tftypes.Set{ElementType: elem}, nil
	case "map":
		return tftypes.Map{ElementType: elem}, nil
	}
	return nil, fmt.Errorf("unknown collection %q", kind)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func convertBlock(b jsonBlock) (*tfprotov5.SchemaBlock, error) {
	out := &tfprotov5.SchemaBlock{}
	for _, name := range sortedKeys(b.Attributes) {
		a := b.Attributes[name]
		t, err := parseType(a.Type)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		// Write-only arguments (the provider's `*_wo`, e.g. auth_token_wo) take ephemeral values and are never
		// stored; the published schema does not flag them, the provider names them so.
		writeOnly := strings.HasSuffix(name, "_wo")
		out.Attributes = append(out.Attributes, &tfprotov5.SchemaAttribute{
			Name: name, Type: t, Required: a.Required, Optional: a.Optional || writeOnly,
			Computed: a.Computed && !writeOnly, WriteOnly: writeOnly,
		})
	}
	for _, name := range sortedKeys(b.BlockTypes) {
		nb := b.BlockTypes[name]
		inner, err := convertBlock(nb.Block)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		mode := tfprotov5.SchemaNestedBlockNestingModeList
		if nb.NestingMode == "single" {
			mode = tfprotov5.SchemaNestedBlockNestingModeSingle
		}
		out.BlockTypes = append(out.BlockTypes, &tfprotov5.SchemaNestedBlock{
			TypeName: name, Block: inner, Nesting: mode, MinItems: nb.MinItems, MaxItems: nb.MaxItems,
		})
	}
	return out, nil
}

// blockType is the tftypes.Object a schema block's values have.
func blockType(b *tfprotov5.SchemaBlock) tftypes.Type {
	attrs := map[string]tftypes.Type{}
	for _, a := range b.Attributes {
		attrs[a.Name] = a.Type
	}
	for _, nb := range b.BlockTypes {
		inner := blockType(nb.Block)
		if nb.Nesting == tfprotov5.SchemaNestedBlockNestingModeSingle {
			attrs[nb.TypeName] = inner
		} else {
			attrs[nb.TypeName] = tftypes.List{ElementType: inner}
		}
	}
	return tftypes.Object{AttributeTypes: attrs}
}

type server struct {
	provider    *tfprotov5.Schema
	resources   map[string]*tfprotov5.Schema
	dataSources map[string]*tfprotov5.Schema
	region      string
}

func load(path string) (*server, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f schemaFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, err
	}
	p, ok := f.ProviderSchemas[address]
	if !ok {
		return nil, fmt.Errorf("%s: no schema for %s", path, address)
	}
	s := &server{resources: map[string]*tfprotov5.Schema{}, dataSources: map[string]*tfprotov5.Schema{}, region: "eu-west-1"}
	conv := func(js jsonSchema) (*tfprotov5.Schema, error) {
		b, err := convertBlock(js.Block)
		return &tfprotov5.Schema{Version: js.Version, Block: b}, err
	}
	if s.provider, err = conv(p.Provider); err != nil {
		return nil, err
	}
	for name, js := range p.ResourceSchemas {
		if s.resources[name], err = conv(js); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	for name, js := range p.DataSourceSchemas {
		if s.dataSources[name], err = conv(js); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return s, nil
}

func diag(summary string) []*tfprotov5.Diagnostic {
	return []*tfprotov5.Diagnostic{{Severity: tfprotov5.DiagnosticSeverityError, Summary: summary}}
}

// computedPaths returns, for a block, the attribute paths (names joined by "."; list indexes dropped) that are
// computed, and whether each is computed-only.
func computedPaths(b *tfprotov5.SchemaBlock, prefix string, out map[string]bool) {
	for _, a := range b.Attributes {
		if a.Computed {
			out[prefix+a.Name] = !a.Optional
		}
	}
	for _, nb := range b.BlockTypes {
		computedPaths(nb.Block, prefix+nb.TypeName+".", out)
	}
}

func attrPath(p *tftypes.AttributePath) string {
	var names []string
	for _, step := range p.Steps() {
		if n, ok := step.(tftypes.AttributeName); ok {
			names = append(names, string(n))
		}
	}
	return strings.Join(names, ".")
}

// isBlockAttr reports whether the path names a computed attribute of the resource or of one of its nested
// blocks (not something inside an attribute's own object or collection value).
func isBlockAttr(p *tftypes.AttributePath, computed map[string]bool) bool {
	_, ok := computed[attrPath(p)]
	if !ok {
		return false
	}
	steps := p.Steps()
	_, last := steps[len(steps)-1].(tftypes.AttributeName)
	return last
}

// placeholder is the value a data source returns for a computed attribute it was not given: known, typed,
// and recognisable ("stub-..."), with a few that other expressions parse (account ID, partition, region, ARNs,
// policy JSON). Collections stay null.
func placeholder(name string, t tftypes.Type, region string) tftypes.Value {
	switch {
	case t.Is(tftypes.String):
		switch name {
		case "account_id", "owner_id":
			return tftypes.NewValue(t, "123456789012")
		case "partition":
			return tftypes.NewValue(t, "aws")
		case "region":
			return tftypes.NewValue(t, region)
		case "json", "minified_json", "policy":
			return tftypes.NewValue(t, `{"Version":"2012-10-17","Statement":[]}`)
		}
		if strings.HasSuffix(name, "arn") {
			return tftypes.NewValue(t, "arn:aws:stub:"+region+":123456789012:"+name)
		}
		return tftypes.NewValue(t, "stub-"+name)
	case t.Is(tftypes.Number):
		return tftypes.NewValue(t, 0)
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, false)
	}
	return tftypes.NewValue(t, nil)
}

// ---- ProviderServer ----

func (s *server) GetMetadata(context.Context, *tfprotov5.GetMetadataRequest) (*tfprotov5.GetMetadataResponse, error) {
	resp := &tfprotov5.GetMetadataResponse{ServerCapabilities: &tfprotov5.ServerCapabilities{PlanDestroy: true}}
	for name := range s.resources {
		resp.Resources = append(resp.Resources, tfprotov5.ResourceMetadata{TypeName: name})
	}
	for name := range s.dataSources {
		resp.DataSources = append(resp.DataSources, tfprotov5.DataSourceMetadata{TypeName: name})
	}
	return resp, nil
}

func (s *server) GetProviderSchema(context.Context, *tfprotov5.GetProviderSchemaRequest) (*tfprotov5.GetProviderSchemaResponse, error) {
	return &tfprotov5.GetProviderSchemaResponse{
		ServerCapabilities: &tfprotov5.ServerCapabilities{PlanDestroy: true},
		Provider:           s.provider, ResourceSchemas: s.resources, DataSourceSchemas: s.dataSources,
		Functions: map[string]*tfprotov5.Function{}, EphemeralResourceSchemas: map[string]*tfprotov5.Schema{},
	}, nil
}

func (s *server) GetResourceIdentitySchemas(context.Context, *tfprotov5.GetResourceIdentitySchemasRequest) (*tfprotov5.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov5.GetResourceIdentitySchemasResponse{IdentitySchemas: map[string]*tfprotov5.ResourceIdentitySchema{}}, nil
}

func (s *server) PrepareProviderConfig(_ context.Context, req *tfprotov5.PrepareProviderConfigRequest) (*tfprotov5.PrepareProviderConfigResponse, error) {
	return &tfprotov5.PrepareProviderConfigResponse{PreparedConfig: req.Config}, nil
}

func (s *server) ConfigureProvider(_ context.Context, req *tfprotov5.ConfigureProviderRequest) (*tfprotov5.ConfigureProviderResponse, error) {
	if req.Config != nil {
		if v, err := req.Config.Unmarshal(blockType(s.provider.Block)); err == nil {
			var attrs map[string]tftypes.Value
			if v.As(&attrs) == nil {
				var region string
				if r, ok := attrs["region"]; ok && r.IsKnown() && !r.IsNull() && r.As(&region) == nil {
					s.region = region
				}
			}
		}
	}
	return &tfprotov5.ConfigureProviderResponse{}, nil
}

func (s *server) StopProvider(context.Context, *tfprotov5.StopProviderRequest) (*tfprotov5.StopProviderResponse, error) {
	return &tfprotov5.StopProviderResponse{}, nil
}

// ---- resources ----

func (s *server) ValidateResourceTypeConfig(context.Context, *tfprotov5.ValidateResourceTypeConfigRequest) (*tfprotov5.ValidateResourceTypeConfigResponse, error) {
	return &tfprotov5.ValidateResourceTypeConfigResponse{}, nil
}

func (s *server) UpgradeResourceState(_ context.Context, req *tfprotov5.UpgradeResourceStateRequest) (*tfprotov5.UpgradeResourceStateResponse, error) {
	schema, ok := s.resources[req.TypeName]
	if !ok {
		return &tfprotov5.UpgradeResourceStateResponse{Diagnostics: diag("unknown resource type " + req.TypeName)}, nil
	}
	ty := blockType(schema.Block)
	v, err := req.RawState.UnmarshalWithOpts(ty, tfprotov5.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	if err != nil {
		return &tfprotov5.UpgradeResourceStateResponse{Diagnostics: diag(err.Error())}, nil
	}
	dv, err := tfprotov5.NewDynamicValue(ty, v)
	if err != nil {
		return nil, err
	}
	return &tfprotov5.UpgradeResourceStateResponse{UpgradedState: &dv}, nil
}

func (s *server) ReadResource(_ context.Context, req *tfprotov5.ReadResourceRequest) (*tfprotov5.ReadResourceResponse, error) {
	return &tfprotov5.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

func (s *server) PlanResourceChange(_ context.Context, req *tfprotov5.PlanResourceChangeRequest) (*tfprotov5.PlanResourceChangeResponse, error) {
	schema, ok := s.resources[req.TypeName]
	if !ok {
		return &tfprotov5.PlanResourceChangeResponse{Diagnostics: diag("unknown resource type " + req.TypeName)}, nil
	}
	ty := blockType(schema.Block)
	proposed, err := req.ProposedNewState.Unmarshal(ty)
	if err != nil {
		return nil, err
	}
	if proposed.IsNull() {
		return &tfprotov5.PlanResourceChangeResponse{PlannedState: req.ProposedNewState}, nil
	}
	prior, err := req.PriorState.Unmarshal(ty)
	if err != nil {
		return nil, err
	}
	computed := map[string]bool{}
	computedPaths(schema.Block, "", computed)
	creating := prior.IsNull()
	planned, err := tftypes.Transform(proposed, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if creating && v.IsNull() && len(p.Steps()) > 0 && isBlockAttr(p, computed) {
			return tftypes.NewValue(v.Type(), tftypes.UnknownValue), nil
		}
		return v, nil
	})
	if err != nil {
		return nil, err
	}
	dv, err := tfprotov5.NewDynamicValue(ty, planned)
	if err != nil {
		return nil, err
	}
	return &tfprotov5.PlanResourceChangeResponse{PlannedState: &dv, PlannedPrivate: req.PriorPrivate}, nil
}

func (s *server) ApplyResourceChange(context.Context, *tfprotov5.ApplyResourceChangeRequest) (*tfprotov5.ApplyResourceChangeResponse, error) {
	return &tfprotov5.ApplyResourceChangeResponse{Diagnostics: diag("this is a schema-only stand-in for hashicorp/aws: it cannot apply")}, nil
}

func (s *server) ImportResourceState(context.Context, *tfprotov5.ImportResourceStateRequest) (*tfprotov5.ImportResourceStateResponse, error) {
	return &tfprotov5.ImportResourceStateResponse{Diagnostics: diag("this is a schema-only stand-in for hashicorp/aws: it cannot import")}, nil
}

func (s *server) MoveResourceState(context.Context, *tfprotov5.MoveResourceStateRequest) (*tfprotov5.MoveResourceStateResponse, error) {
	return &tfprotov5.MoveResourceStateResponse{Diagnostics: diag("this is a schema-only stand-in for hashicorp/aws: it cannot move state")}, nil
}

func (s *server) UpgradeResourceIdentity(context.Context, *tfprotov5.UpgradeResourceIdentityRequest) (*tfprotov5.UpgradeResourceIdentityResponse, error) {
	return &tfprotov5.UpgradeResourceIdentityResponse{}, nil
}

func (s *server) GenerateResourceConfig(context.Context, *tfprotov5.GenerateResourceConfigRequest) (*tfprotov5.GenerateResourceConfigResponse, error) {
	return &tfprotov5.GenerateResourceConfigResponse{Diagnostics: diag("this is a schema-only stand-in for hashicorp/aws: it cannot generate configuration")}, nil
}

// ---- data sources ----

func (s *server) ValidateDataSourceConfig(context.Context, *tfprotov5.ValidateDataSourceConfigRequest) (*tfprotov5.ValidateDataSourceConfigResponse, error) {
	return &tfprotov5.ValidateDataSourceConfigResponse{}, nil
}

func (s *server) ReadDataSource(_ context.Context, req *tfprotov5.ReadDataSourceRequest) (*tfprotov5.ReadDataSourceResponse, error) {
	schema, ok := s.dataSources[req.TypeName]
	if !ok {
		return &tfprotov5.ReadDataSourceResponse{Diagnostics: diag("unknown data source " + req.TypeName)}, nil
	}
	ty := blockType(schema.Block)
	config, err := req.Config.Unmarshal(ty)
	if err != nil {
		return nil, err
	}
	computed := map[string]bool{}
	computedPaths(schema.Block, "", computed)
	state, err := tftypes.Transform(config, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsNull() && len(p.Steps()) > 0 && isBlockAttr(p, computed) {
			steps := p.Steps()
			name := string(steps[len(steps)-1].(tftypes.AttributeName))
			return placeholder(name, v.Type(), s.region), nil
		}
		return v, nil
	})
	if err != nil {
		return nil, err
	}
	dv, err := tfprotov5.NewDynamicValue(ty, state)
	if err != nil {
		return nil, err
	}
	return &tfprotov5.ReadDataSourceResponse{State: &dv}, nil
}

// ---- functions and ephemeral resources: none ----

func (s *server) CallFunction(context.Context, *tfprotov5.CallFunctionRequest) (*tfprotov5.CallFunctionResponse, error) {
	return &tfprotov5.CallFunctionResponse{}, nil
}

func (s *server) GetFunctions(context.Context, *tfprotov5.GetFunctionsRequest) (*tfprotov5.GetFunctionsResponse, error) {
	return &tfprotov5.GetFunctionsResponse{Functions: map[string]*tfprotov5.Function{}}, nil
}

func (s *server) ValidateEphemeralResourceConfig(context.Context, *tfprotov5.ValidateEphemeralResourceConfigRequest) (*tfprotov5.ValidateEphemeralResourceConfigResponse, error) {
	return &tfprotov5.ValidateEphemeralResourceConfigResponse{}, nil
}

func (s *server) OpenEphemeralResource(context.Context, *tfprotov5.OpenEphemeralResourceRequest) (*tfprotov5.OpenEphemeralResourceResponse, error) {
	return &tfprotov5.OpenEphemeralResourceResponse{Diagnostics: diag("no ephemeral resources")}, nil
}

func (s *server) RenewEphemeralResource(context.Context, *tfprotov5.RenewEphemeralResourceRequest) (*tfprotov5.RenewEphemeralResourceResponse, error) {
	return &tfprotov5.RenewEphemeralResourceResponse{}, nil
}

func (s *server) CloseEphemeralResource(context.Context, *tfprotov5.CloseEphemeralResourceRequest) (*tfprotov5.CloseEphemeralResourceResponse, error) {
	return &tfprotov5.CloseEphemeralResourceResponse{}, nil
}

func main() {
	path := os.Getenv("AWS_PROVIDER_STUB_SCHEMA")
	if path == "" {
		log.Fatal("AWS_PROVIDER_STUB_SCHEMA must name the schema JSON written by terraform/tests/aws_schema.py")
	}
	s, err := load(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := tf5server.Serve(address, func() tfprotov5.ProviderServer { return s }); err != nil {
		log.Fatal(err)
	}
}
