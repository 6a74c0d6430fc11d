# Hand-made from provider-docs-dts_synchronization_job.tf (the provider's
# documentation example, MPL-2.0): every value a reference, a variable, a call or a template (unknown: no finding)
variable "port" {}
locals { region = "cn-hangzhou" }
resource "alicloud_dts_synchronization_job" "default" {
  count                              = 2
  dts_instance_id                    = alicloud_dts_synchronization_instance.default.id
  dts_job_name                       = "job-${count.index}"
  source_endpoint_instance_type      = var.enabled ? "ECS" : "RDS"
  source_endpoint_instance_id        = format("i-%s", var.id)
  source_endpoint_engine_name        = upper("mysql")
  source_endpoint_region             = local.region
  source_endpoint_ip                 = var.ip
  source_endpoint_port               = var.port
  source_endpoint_user_name          = "root"
  source_endpoint_password           = var.password
  destination_endpoint_instance_type = "ads"
  destination_endpoint_instance_id   = "am-xxxxxxxx"
  destination_endpoint_engine_name   = "ADB30"
  destination_endpoint_region        = local.region
  destination_endpoint_database_name = "tf-testacc"
  destination_endpoint_user_name     = "root"
  destination_endpoint_password      = var.password
  db_list = jsonencode({
    for db in var.databases : db => { name = db, all = true }
  })
  reserve                  = jsonencode({ "${var.key}" = "2" })
  checkpoint               = var.checkpoint * 1000
  structure_initialization = true
  data_initialization      = true
  data_synchronization     = true
  status                   = "Synchronizing"
  depends_on               = [alicloud_dts_synchronization_instance.default]
  lifecycle {
    ignore_changes = [db_list]
  }
}
