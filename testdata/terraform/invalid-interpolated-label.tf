resource "a${var.x}" "b" {
}
