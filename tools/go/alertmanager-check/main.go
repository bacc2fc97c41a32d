// Command alertmanager-check checks an Alertmanager configuration offline with Alertmanager's own packages.
//
//  1. The file is loaded with config.LoadFile, as Alertmanager loads it at start: strict YAML (an unknown or
//     misspelt key is an error) and the semantic checks (receivers that exist, matchers that parse, one of
//     api_url/api_url_file, ...). Files named by *_file keys are read only when a notification is sent, so they
//     need not exist here.
//  2. The `templates` globs are parsed together with Alertmanager's default templates, and every text field of
//     every Slack config is rendered for a sample alert, so a reference to an undefined template or a bad
//     pipeline fails here instead of at the first page.
//  3. With -cases, each test case's labels are matched against the route tree (dispatch.Route, the code that
//     picks receivers in Alertmanager) and the receivers reached must be exactly the expected ones. Every
//     receiver of the config must be expected by at least one case.
//
// Usage: alertmanager-check [-version] [-cases FILE] CONFIG
package main

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/prometheus/alertmanager/config"
	"github.com/prometheus/alertmanager/dispatch"
	"github.com/prometheus/alertmanager/template"
	"github.com/prometheus/alertmanager/types"
	"github.com/prometheus/common/model"
	"gopkg.in/yaml.v2"
)

// caseFile is the routing test file: labels in, receiver names out.
type caseFile struct {
	Tests []routeCase `yaml:"tests"`
}

type routeCase struct {
	Name      string            `yaml:"name"`
	Labels    map[string]string `yaml:"labels"`
	Receivers []string          `yaml:"receivers"`
}

func main() {
	version := flag.Bool("version", false, "print the Alertmanager version this checker is built with")
	cases := flag.String("cases", "", "YAML file of routing tests (tests: [{name, labels, receivers}])")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: alertmanager-check [-version] [-cases FILE] CONFIG")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *version {
		fmt.Println("alertmanager-check (alertmanager " + alertmanagerVersion() + ")")
		return
	}
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	file := flag.Arg(0)
	conf, err := config.LoadFile(file)
	if err != nil {
		fail("%s: not a valid Alertmanager %s configuration: %v", file, alertmanagerVersion(), err)
	}
	fmt.Printf("%s: valid for Alertmanager %s (%d receivers, %d inhibit rules)\n", file, alertmanagerVersion(),
		len(conf.Receivers), len(conf.InhibitRules))
	if err := renderTemplates(conf); err != nil {
		fail("%s: %v", file, err)
	}
	if *cases != "" {
		if err := checkRoutes(conf, *cases); err != nil {
			fail("%v", err)
		}
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "FAIL "+format+"\n", args...)
	os.Exit(1)
}

// renderTemplates parses the config's template files and renders every Slack text field for a sample alert.
func renderTemplates(conf *config.Config) error {
	tmpl, err := template.FromGlobs(conf.Templates)
	if err != nil {
		return fmt.Errorf("templates %v: %w", conf.Templates, err)
	}
	tmpl.ExternalURL, _ = url.Parse("http://alertmanager.monitoring.svc:9093")
	alert := &types.Alert{Alert: model.Alert{
		Labels: model.LabelSet{"alertname": "SampleAlert", "severity": "page", "service": "order-service"},
		Annotations: model.LabelSet{
			"summary":     "sample summary",
			"description": "sample description",
			"runbook_url": "https://example.org/docs/runbook.md#sample",
		},
		StartsAt:     time.Now().Add(-time.Minute),
		GeneratorURL: "http://prometheus.monitoring.svc:9090/graph?g0.expr=up",
	}}
	rendered := 0
	for _, r := range conf.Receivers {
		data := tmpl.Data(r.Name, model.LabelSet{"alertname": "SampleAlert", "service": "order-service"}, alert)
		for i, sc := range r.SlackConfigs {
			fields := map[string]string{
				"channel": sc.Channel, "username": sc.Username, "color": sc.Color, "title": sc.Title,
				"title_link": sc.TitleLink, "pretext": sc.Pretext, "text": sc.Text, "message_text": sc.MessageText,
				"footer": sc.Footer, "fallback": sc.Fallback, "callback_id": sc.CallbackID,
				"icon_emoji": sc.IconEmoji, "icon_url": sc.IconURL, "image_url": sc.ImageURL, "thumb_url": sc.ThumbURL,
			}
			for name, text := range fields {
				if text == "" {
					continue
				}
				if _, err := tmpl.ExecuteTextString(text, data); err != nil {
					return fmt.Errorf("receiver %s slack_configs[%d].%s does not render: %w", r.Name, i, name, err)
				}
				rendered++
			}
		}
	}
	fmt.Printf("templates: %d Slack fields render for a sample alert\n", rendered)
	return nil
}

func checkRoutes(conf *config.Config, file string) error {
	raw, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var cf caseFile
	if err := yaml.UnmarshalStrict(raw, &cf); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if len(cf.Tests) == 0 {
		return fmt.Errorf("%s: no tests", file)
	}
	root := dispatch.NewRoute(conf.Route, nil)
	expected := map[string]bool{}
	passed, failed := 0, 0
	for i, c := range cf.Tests {
		if c.Name == "" || len(c.Labels) == 0 || len(c.Receivers) == 0 {
			return fmt.Errorf("%s: tests[%d] needs name, labels and receivers", file, i)
		}
		lset := model.LabelSet{}
		for k, v := range c.Labels {
			lset[model.LabelName(k)] = model.LabelValue(v)
		}
		var got []string
		for _, r := range root.Match(lset) {
			got = append(got, r.RouteOpts.Receiver)
		}
		for _, name := range c.Receivers {
			expected[name] = true
		}
		if slices.Equal(got, c.Receivers) {
			passed++
			fmt.Printf("ok   %s: %v -> %s\n", c.Name, lset, strings.Join(got, ", "))
		} else {
			failed++
			fmt.Printf("FAIL %s: %v -> %s, expected %s\n", c.Name, lset, strings.Join(got, ", "),
				strings.Join(c.Receivers, ", "))
		}
	}
	var unreached []string
	for _, r := range conf.Receivers {
		if !expected[r.Name] {
			unreached = append(unreached, r.Name)
		}
	}
	sort.Strings(unreached)
	fmt.Printf("routing: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return fmt.Errorf("%s: %d routing test(s) failed", file, failed)
	}
	if len(unreached) > 0 {
		return fmt.Errorf("%s: no test expects receiver(s) %s: add a case for each", file, strings.Join(unreached, ", "))
	}
	return nil
}

// alertmanagerVersion is the version of the Alertmanager module this binary is built with (go.mod).
func alertmanagerVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range info.Deps {
			if m.Path == "github.com/prometheus/alertmanager" {
				return m.Version
			}
		}
	}
	return "unknown"
}
