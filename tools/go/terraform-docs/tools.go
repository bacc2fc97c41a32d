//go:build tools

// Package tools pins terraform-docs so `go mod tidy` keeps its dependencies in go.sum.
package tools

import _ "github.com/terraform-docs/terraform-docs"
