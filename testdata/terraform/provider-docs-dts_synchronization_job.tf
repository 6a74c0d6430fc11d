# Source: https://github.com/aliyun/terraform-provider-alicloud/blob/05b53151f5b0964ba1a881fb0101e48cda768cc2/website/docs/r/dts_synchronization_job.html.markdown
# (the "Basic Usage" example, MPL-2.0; db_list as a quoted string of escaped JSON)
resource "alicloud_dts_synchronization_instance" "default" {
  payment_type                     = "PayAsYouGo"
  source_endpoint_engine_name      = "PolarDB"
  source_endpoint_region           = "cn-hangzhou"
  destination_endpoint_engine_name = "ADB30"
  destination_endpoint_region      = "cn-hangzhou"
  instance_class                   = "small"
  sync_architecture                = "oneway"
}

resource "alicloud_dts_synchronization_job" "default" {
  dts_instance_id                    = alicloud_dts_synchronization_instance.default.id
  dts_job_name                       = "tf-testAccCase1"
  source_endpoint_instance_type      = "PolarDB"
  source_endpoint_instance_id        = "pc-xxxxxxxx"
  source_endpoint_engine_name        = "PolarDB"
  source_endpoint_region             = "cn-hangzhou"
  source_endpoint_database_name      = "tf-testacc"
  source_endpoint_user_name          = "root"
  source_endpoint_password           = "password"
  destination_endpoint_instance_type = "ads"
  destination_endpoint_instance_id   = "am-xxxxxxxx"
  destination_endpoint_engine_name   = "ADB30"
  destination_endpoint_region        = "cn-hangzhou"
  destination_endpoint_database_name = "tf-testacc"
  destination_endpoint_user_name     = "root"
  destination_endpoint_password      = "password"
  db_list                            = "{\"tf-testacc\":{\"name\":\"tf-test\",\"all\":true,\"state\":\"normal\"}}"
  structure_initialization           = "true"
  data_initialization                = "true"
  data_synchronization               = "true"
  status                             = "Synchronizing"
}
