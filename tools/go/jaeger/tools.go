//go:build tools

// Package tools pins the Jaeger command this module builds (see go.mod).
package tools

import _ "github.com/jaegertracing/jaeger/cmd/jaeger"
