// Command otelcol-check is a small OpenTelemetry Collector built from the collector's Go modules with the
// components our agent's configuration uses (gitops/platform/opentelemetry-collector/values.yaml), so that
// `otelcol-check validate --config FILE` checks that configuration offline with the collector's own loader:
// unknown component types, unknown or mistyped keys, each component's Validate(), and the pipelines' wiring.
//
// `otelcol-check operators --config FILE` adds what validate lets through: the collector decodes each log
// operator (filelog `operators:`) ignoring keys it does not know, so a misspelt optional key (`on_eror`) would
// silently fall back to its default. This subcommand decodes every operator again into the same builder, with
// unknown keys as errors.
//
// Components: receivers filelog, otlp; processors memory_limiter, batch; exporters otlp (otlp_grpc), otlphttp
// (otlp_http), debug (the chart's default config keeps it); extensions file_storage, health_check.
// The k8sattributes processor is not here: its module is not published for this collector release on the
// module proxy we can reach, so observability/telemetry/merge_config.py stands it in and says so.
//
// The collector version is pinned in tools/versions.env (OTELCOL_CHECK_VERSION) and in go.mod; the install
// recipe checks that the two agree.
package main

import (
	"context"
	"fmt"
	"log"
	"runtime/debug"
	"strings"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/healthcheckextension"
	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/filestorage"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/stanza/operator"
	"github.com/open-telemetry/opentelemetry-collector-contrib/receiver/filelogreceiver"
	"github.com/spf13/cobra"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/provider/envprovider"
	"go.opentelemetry.io/collector/confmap/provider/fileprovider"
	"go.opentelemetry.io/collector/exporter/debugexporter"
	"go.opentelemetry.io/collector/exporter/otlpexporter"
	"go.opentelemetry.io/collector/exporter/otlphttpexporter"
	"go.opentelemetry.io/collector/otelcol"
	"go.opentelemetry.io/collector/processor/batchprocessor"
	"go.opentelemetry.io/collector/processor/memorylimiterprocessor"
	"go.opentelemetry.io/collector/receiver/otlpreceiver"
	"go.opentelemetry.io/collector/service/telemetry/otelconftelemetry"
)

func factories() (otelcol.Factories, error) {
	var f otelcol.Factories
	var err error
	if f.Receivers, err = otelcol.MakeFactoryMap(filelogreceiver.NewFactory(), otlpreceiver.NewFactory()); err != nil {
		return f, err
	}
	if f.Processors, err = otelcol.MakeFactoryMap(batchprocessor.NewFactory(), memorylimiterprocessor.NewFactory()); err != nil {
		return f, err
	}
	if f.Exporters, err = otelcol.MakeFactoryMap(debugexporter.NewFactory(), otlpexporter.NewFactory(),
		otlphttpexporter.NewFactory()); err != nil {
		return f, err
	}
	if f.Extensions, err = otelcol.MakeFactoryMap(filestorage.NewFactory(), healthcheckextension.NewFactory()); err != nil {
		return f, err
	}
	f.Telemetry = otelconftelemetry.NewFactory()
	return f, nil
}

// collectorVersion is the version of the otelcol module this binary is built with (go.mod), so that
// `otelcol-check --version` names the collector release whose loader checked the file.
func collectorVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range info.Deps {
			if m.Path == "go.opentelemetry.io/collector/otelcol" {
				return m.Version
			}
		}
	}
	return "unknown"
}

func resolverSettings(uris []string) confmap.ResolverSettings {
	return confmap.ResolverSettings{
		URIs:              uris,
		ProviderFactories: []confmap.ProviderFactory{fileprovider.NewFactory(), envprovider.NewFactory()},
		DefaultScheme:     "env",
	}
}

// operatorsCommand decodes every operator of every filelog receiver strictly.
func operatorsCommand() *cobra.Command {
	var configs []string
	cmd := &cobra.Command{
		Use:          "operators",
		Short:        "Decode every filelog operator with unknown keys as errors (validate ignores them)",
		SilenceUsage: true,
		RunE: func(_ *cobra.Command, _ []string) error {
			resolver, err := confmap.NewResolver(resolverSettings(configs))
			if err != nil {
				return err
			}
			conf, err := resolver.Resolve(context.Background())
			if err != nil {
				return err
			}
			receivers, _ := conf.Get("receivers").(map[string]any)
			var problems []string
			checked := 0
			for id, raw := range receivers {
				kind, _, _ := strings.Cut(id, "/")
				if kind != "filelog" && kind != "file_log" {
					continue
				}
				cfg, _ := raw.(map[string]any)
				ops, _ := cfg["operators"].([]any)
				for i, op := range ops {
					m, ok := op.(map[string]any)
					if !ok {
						problems = append(problems, fmt.Sprintf("receivers::%s::operators[%d] is not a map", id, i))
						continue
					}
					typ, _ := m["type"].(string)
					newBuilder, ok := operator.DefaultRegistry.Lookup(typ)
					if !ok {
						problems = append(problems, fmt.Sprintf("receivers::%s::operators[%d]: unsupported type %q", id, i, typ))
						continue
					}
					if err := confmap.NewFromStringMap(m).Unmarshal(newBuilder()); err != nil {
						problems = append(problems, fmt.Sprintf("receivers::%s::operators[%d] (%s %v): %v", id, i, typ, m["id"], err))
					}
					checked++
				}
			}
			if len(problems) > 0 {
				return fmt.Errorf("%s", strings.Join(problems, "\n"))
			}
			fmt.Printf("operators: %d filelog operator(s) decode with no unknown key\n", checked)
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&configs, "config", nil, "configuration file (file: or plain path)")
	_ = cmd.MarkFlagRequired("config")
	return cmd
}

func main() {
	cmd := otelcol.NewCommand(otelcol.CollectorSettings{
		BuildInfo: component.BuildInfo{
			Command:     "otelcol-check",
			Description: "OpenTelemetry Collector with the components of our agent's configuration (offline checks)",
			Version:     collectorVersion(),
		},
		Factories:              factories,
		ConfigProviderSettings: otelcol.ConfigProviderSettings{ResolverSettings: resolverSettings(nil)},
	})
	cmd.AddCommand(operatorsCommand())
	if err := cmd.Execute(); err != nil {
		log.Fatal(err)
	}
}
