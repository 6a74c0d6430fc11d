terraform {
  required_providers {
    alicloud = {
      source  = "aliyun/alicloud"
      version = ">= 1.138.0"
    }
  }
}

provider "alicloud" {
  region = "cn-hangzhou"
}

resource "alicloud_dts_synchronization_job" "nested" {
  dts_job_name = "nested"

  timeouts {
    create = "10m"
  }
  dynamic "tag" {
    for_each = var.tags
    content {
      key   = tag.key
      value = tag.value
    }
  }
  lifecycle { ignore_changes = [status] }
  empty {}
  empty_lines {

  }
}
   # trailing comment without newline
