//go:build tools

// Package tools pins the OpenTofu CLI so `go mod tidy` keeps its dependencies in go.sum.
package tools

import _ "github.com/opentofu/opentofu/cmd/tofu"
