// Quoted strings: every escape, templates, unicode, the Go-escaped JSON
// trap of issue 20, labels bare and quoted.
resource alicloud_dts_migration_job "escapes" {
  db_list     = "{\"db\":{\"name\":\"db\",\"all\":true}}"
  tab_newline = "a\tb\nc\rd"
  quote_slash = "\"\\"
  unicode     = "\u00e9\u4e2d\U0001F600 and raw é中😀"
  nul         = "a\u0000b"
  dollar      = "$${x} %%{y} $ % $x %x {}"
  empty       = ""
  template    = "${var.a}-${var.b}"
  wrapped     = "${var.a}"
  nested      = "a${"b${"c"}"}"
  directive   = "%{if var.x}yes%{else}no%{endif}"
  strip       = "${~ var.a ~}"
  trap        = "{\\\"db\\\":{\\\"all\\\":true}}"
}

resource "alicloud_dts_instance" "é-label" "third-label" {
  type = "sync"
}
