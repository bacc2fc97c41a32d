// Command compose-check validates Compose files offline, without a Docker engine.
//
// It loads each file with compose-go, the library Docker Compose itself uses, so the file is checked against the
// Compose Specification JSON schema (unknown keys, wrong types) and for consistency (depends_on, networks, volumes,
// secrets that point at nothing). It then applies the project's container baseline to every service: a healthcheck,
// a read-only root filesystem with a tmpfs on /tmp, all capabilities dropped, no-new-privileges, depends_on that
// waits for service_healthy, tagged images (never latest), and build files and bind-mount sources that exist.
//
// Usage: compose-check [-version] FILE...
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

func main() {
	version := flag.Bool("version", false, "print the compose-go version this checker is built with")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: compose-check [-version] FILE...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *version {
		fmt.Println("compose-check (compose-go " + composeGoVersion() + ")")
		return
	}
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	failed := false
	for _, file := range flag.Args() {
		project, err := load(file)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", file, err)
			failed = true
			continue
		}
		problems := baseline(project)
		for _, p := range problems {
			fmt.Fprintf(os.Stderr, "%s: %s\n", file, p)
		}
		if len(problems) > 0 {
			failed = true
			continue
		}
		fmt.Printf("%s: ok (project %q, services: %s)\n", file, project.Name, strings.Join(project.ServiceNames(), ", "))
	}
	if failed {
		os.Exit(1)
	}
}

// load parses, interpolates, schema-validates and consistency-checks one Compose file. The process environment is
// deliberately not used, so the result is the same on every machine.
func load(file string) (*types.Project, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, err
	}
	opts, err := cli.NewProjectOptions([]string{abs},
		cli.WithWorkingDirectory(filepath.Dir(abs)),
		cli.WithResolvedPaths(true),
		cli.WithConsistency(true),
	)
	if err != nil {
		return nil, err
	}
	return opts.LoadProject(context.Background())
}

// baseline returns every place where a service departs from the project's container baseline.
func baseline(p *types.Project) []string {
	var out []string
	names := p.ServiceNames()
	sort.Strings(names)
	for _, name := range names {
		s := p.Services[name]
		add := func(format string, args ...any) {
			out = append(out, fmt.Sprintf("service %q: ", name)+fmt.Sprintf(format, args...))
		}
		if s.HealthCheck == nil || s.HealthCheck.Disable || len(s.HealthCheck.Test) == 0 {
			add("needs a healthcheck (others wait for it with condition: service_healthy)")
		}
		if !s.ReadOnly {
			add("needs read_only: true (a read-only root filesystem, as on Kubernetes)")
		}
		if !hasTmp(s) {
			add("needs a tmpfs on /tmp (the one writable path of a read-only container)")
		}
		if !slices.ContainsFunc(s.CapDrop, func(c string) bool { return strings.EqualFold(c, "ALL") }) {
			add("needs cap_drop: [ALL]")
		}
		if !slices.ContainsFunc(s.SecurityOpt, func(o string) bool {
			return o == "no-new-privileges" || o == "no-new-privileges:true" || o == "no-new-privileges=true"
		}) {
			add("needs security_opt: [no-new-privileges:true]")
		}
		deps := make([]string, 0, len(s.DependsOn))
		for dep := range s.DependsOn {
			deps = append(deps, dep)
		}
		sort.Strings(deps)
		for _, dep := range deps {
			if c := s.DependsOn[dep].Condition; c != types.ServiceConditionHealthy {
				add("depends_on %q must use condition: service_healthy (has %q)", dep, c)
			}
		}
		if s.Build == nil {
			if err := checkImageTag(s.Image); err != nil {
				add("%v", err)
			}
		} else if s.Build.DockerfileInline == "" {
			dockerfile := s.Build.Dockerfile
			if dockerfile == "" {
				dockerfile = "Dockerfile"
			}
			if !filepath.IsAbs(dockerfile) {
				dockerfile = filepath.Join(s.Build.Context, dockerfile)
			}
			if _, err := os.Stat(dockerfile); err != nil {
				add("build file %s does not exist", p.RelativePath(dockerfile))
			}
		}
		for _, v := range s.Volumes {
			if v.Type != types.VolumeTypeBind {
				continue
			}
			if _, err := os.Stat(v.Source); err != nil {
				add("bind mount source %s does not exist", p.RelativePath(v.Source))
			}
		}
	}
	return out
}

func hasTmp(s types.ServiceConfig) bool {
	for _, t := range s.Tmpfs {
		if path, _, _ := strings.Cut(t, ":"); path == "/tmp" {
			return true
		}
	}
	for _, v := range s.Volumes {
		if v.Type == types.VolumeTypeTmpfs && v.Target == "/tmp" {
			return true
		}
	}
	return false
}

// checkImageTag wants an explicit tag or digest that is not "latest", so a rebuild gets the same image.
func checkImageTag(image string) error {
	if image == "" {
		return errors.New("has neither build nor image")
	}
	if strings.Contains(image, "@sha256:") {
		return nil
	}
	ref := image[strings.LastIndex(image, "/")+1:]
	_, tag, ok := strings.Cut(ref, ":")
	switch {
	case !ok || tag == "":
		return fmt.Errorf("image %q needs an explicit tag", image)
	case tag == "latest":
		return fmt.Errorf("image %q must not use the latest tag", image)
	}
	return nil
}

func composeGoVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/compose-spec/compose-go/v2" {
				return dep.Version
			}
		}
	}
	return "unknown"
}
