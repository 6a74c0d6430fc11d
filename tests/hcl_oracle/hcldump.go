// hcldump: the test oracle for dtslint's HCL reader (tests/hcl_oracle.sh).
// It parses one .tf file with HashiCorp's own parser (hclsyntax) and prints
// what tests/hcl_dump.c prints from dtslint's reader, in the same format:
//
//	ok | error                          (errors: nothing more is printed)
//	block TYPE "LABEL"... START END     (byte offsets, nested by indentation)
//	attr NAME START END VALUE           (SrcRange of the whole attribute)
//
// VALUE is the value when the expression is literal (strings, numbers as
// written, true/false/null, tuples and objects of literals, templates
// without interpolation or directive), otherwise "unknown".  Test-only:
// never part of the product.  Built in GOPATH mode against Debian's
// golang-github-hashicorp-hcl-v2-dev.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

var src []byte

func main() {
	var err error
	src, err = os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	f, diags := hclsyntax.ParseConfig(src, os.Args[1], hcl.Pos{Line: 1, Column: 1})
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	if diags.HasErrors() {
		// the messages on stderr, for reading; only the outcome is compared
		fmt.Fprintln(os.Stderr, diags.Error())
		fmt.Fprintln(out, "error")
		return
	}
	fmt.Fprintln(out, "ok")
	dumpBody(out, f.Body.(*hclsyntax.Body), "")
}

// dumpBody prints attributes and blocks in source order (hclsyntax keeps
// attributes in a map, so they are sorted by their start offset).
func dumpBody(out *bufio.Writer, b *hclsyntax.Body, indent string) {
	type item struct {
		start int
		attr  *hclsyntax.Attribute
		block *hclsyntax.Block
	}
	var items []item
	for _, a := range b.Attributes {
		items = append(items, item{a.SrcRange.Start.Byte, a, nil})
	}
	for _, bl := range b.Blocks {
		items = append(items, item{bl.TypeRange.Start.Byte, nil, bl})
	}
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && items[j].start < items[j-1].start; j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
	for _, it := range items {
		if it.attr != nil {
			a := it.attr
			fmt.Fprintf(out, "%sattr %s %d %d %s\n", indent, a.Name,
				a.SrcRange.Start.Byte, a.SrcRange.End.Byte, value(a.Expr))
			continue
		}
		bl := it.block
		fmt.Fprintf(out, "%sblock %s", indent, bl.Type)
		for _, l := range bl.Labels {
			fmt.Fprintf(out, " %s", quote(l))
		}
		r := bl.Range()
		fmt.Fprintf(out, " %d %d\n", r.Start.Byte, r.End.Byte)
		dumpBody(out, bl.Body, indent+"  ")
	}
}

// value prints a literal expression, or "unknown".
func value(e hclsyntax.Expression) string {
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return scalar(e.Val, e.SrcRange)
	case *hclsyntax.TemplateExpr:
		var sb strings.Builder
		for _, p := range e.Parts {
			// text parts are string literals; an interpolation of a
			// string is a template of its own, of a number or bool not
			// a string, so this is false for every interpolation
			lit, ok := p.(*hclsyntax.LiteralValueExpr)
			if !ok || lit.Val.Type() != cty.String {
				return "unknown"
			}
			sb.WriteString(lit.Val.AsString())
		}
		return quote(sb.String())
	case *hclsyntax.TupleConsExpr:
		parts := []string{}
		for _, x := range e.Exprs {
			parts = append(parts, value(x))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *hclsyntax.ObjectConsExpr:
		parts := []string{}
		for _, it := range e.Items {
			parts = append(parts, key(it.KeyExpr)+": "+value(it.ValueExpr))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return "unknown"
}

// key: a bare name or a literal string is its text; anything else unknown.
func key(e hclsyntax.Expression) string {
	k, ok := e.(*hclsyntax.ObjectConsKeyExpr)
	if !ok {
		return "unknown"
	}
	if k.ForceNonLiteral {
		return "unknown"
	}
	if name := hcl.ExprAsKeyword(k.Wrapped); name != "" {
		if _, isVar := k.Wrapped.(*hclsyntax.ScopeTraversalExpr); isVar {
			return quote(name)
		}
	}
	if t, ok := k.Wrapped.(*hclsyntax.TemplateExpr); ok {
		return value(t)
	}
	return "unknown"
}

func scalar(v cty.Value, r hcl.Range) string {
	switch {
	case v.IsNull():
		return "null"
	case v.Type() == cty.Bool:
		if v.True() {
			return "true"
		}
		return "false"
	case v.Type() == cty.Number:
		// numbers as written, so the comparison needs no float formatting
		return string(src[r.Start.Byte:r.End.Byte])
	case v.Type() == cty.String:
		return quote(v.AsString())
	}
	return "unknown"
}

// quote: JSON-style escaping of ", \ and control characters; other bytes raw.
func quote(s string) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&sb, "\\u%04x", c)
		default:
			sb.WriteByte(c)
		}
	}
	sb.WriteByte('"')
	return sb.String()
}
