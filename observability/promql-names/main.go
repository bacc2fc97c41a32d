// promql-names parses PromQL expressions with Prometheus's own parser and prints the metric names each one reads.
//
//	promql-names < exprs.json > names.json
//
// Input: a JSON array of {"where": "...", "expr": "..."}. Output: the same array with "names" (the metric name of every
// vector and matrix selector, as "name" or, when the selector pins the job with job="...", as "name job"; sorted,
// unique) or "error" (the parse error). A selector without a plain metric name (e.g. {__name__=~"..."}) is reported
// as an error: the metric catalog check could not vouch for it.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
)

type item struct {
	Where string   `json:"where"`
	Expr  string   `json:"expr"`
	Names []string `json:"names,omitempty"`
	Error string   `json:"error,omitempty"`
}

func names(p parser.Parser, expr string) ([]string, error) {
	ast, err := p.ParseExpr(expr)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var bad error
	parser.Inspect(ast, func(node parser.Node, _ []parser.Node) error {
		vs, ok := node.(*parser.VectorSelector)
		if !ok {
			return nil
		}
		name, job := vs.Name, ""
		for _, m := range vs.LabelMatchers {
			switch {
			case m.Name == labels.MetricName && m.Type == labels.MatchEqual:
				name = m.Value
			case m.Name == "job" && m.Type == labels.MatchEqual:
				job = m.Value
			}
		}
		switch {
		case name == "":
			bad = fmt.Errorf("selector %s has no plain metric name", vs.String())
		case job != "":
			seen[name+" "+job] = true
		default:
			seen[name] = true
		}
		return nil
	})
	if bad != nil {
		return nil, bad
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

func main() {
	var items []item
	if err := json.NewDecoder(os.Stdin).Decode(&items); err != nil {
		fmt.Fprintln(os.Stderr, "promql-names: reading stdin:", err)
		os.Exit(2)
	}
	p := parser.NewParser(parser.Options{})
	for i := range items {
		n, err := names(p, items[i].Expr)
		if err != nil {
			items[i].Error = err.Error()
		}
		items[i].Names = n
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(items); err != nil {
		fmt.Fprintln(os.Stderr, "promql-names:", err)
		os.Exit(2)
	}
}
