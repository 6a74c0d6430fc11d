# Source: https://github.com/aliyun/terraform-provider-alicloud/blob/1d9340cf451c6fd4f0388a0d65b559363341a019/website/docs/r/dts_migration_instance.html.markdown
# (the "Basic Usage" example, MPL-2.0)
resource "alicloud_dts_migration_instance" "default" {
  payment_type                     = "PayAsYouGo"
  source_endpoint_engine_name      = "MySQL"
  source_endpoint_region           = "cn-hangzhou"
  destination_endpoint_engine_name = "MySQL"
  destination_endpoint_region      = "cn-hangzhou"
  instance_class                   = "small"
  sync_architecture                = "oneway"
}
