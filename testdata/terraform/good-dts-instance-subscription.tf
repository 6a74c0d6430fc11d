# After the provider's alicloud_dts_instance example
# (https://github.com/aliyun/terraform-provider-alicloud/blob/00d5f2a3910b9e0872b968675bb2a48e51d74f04/website/docs/r/dts_instance.html.markdown),
# with the subscription term given: type is lower case as the provider's schema takes it
# (alicloud/resource_alicloud_dts_instance.go), sent as the API's SYNC.
resource "alicloud_dts_instance" "default" {
  type                             = "sync"
  resource_group_id                = data.alicloud_resource_manager_resource_groups.default.ids.0
  payment_type                     = "Subscription"
  period                           = "Month"
  used_time                        = 1
  instance_class                   = "large"
  source_endpoint_engine_name      = "MySQL"
  source_region                    = "cn-hangzhou"
  destination_endpoint_engine_name = "MySQL"
  destination_region               = "cn-hangzhou"
}
