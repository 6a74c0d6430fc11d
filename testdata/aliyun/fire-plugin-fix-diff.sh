#!/usr/bin/env bash
# The same commands in the plugin form of Alibaba Cloud CLI 3.3.0 and later
# (kebab-case commands and flags, "Manage and use Alibaba Cloud CLI plugins",
# https://www.alibabacloud.com/help/en/cli/managing-and-using-cli-plugins)
# The seed guide's first workflow (/work/shared/seeds/003_1a26fd5673d9fc75.txt,
# "Call operations to configure DTS tasks"): buy the instance, configure the
# task without starting it, start it, then poll the precheck.
set -euo pipefail
REGION=cn-hangzhou

INSTANCE_ID=$(aliyun dts create-dts-instance --profile dts-admin \
  --region-id "$REGION" \
  --source-region cn-hangzhou --destination-region cn-hangzhou \
  --source-endpoint-engine-name MySQL --destination-endpoint-engine-name MySQL \
  --instance-class small --pay-type PostPaid --type MIGRATION | jq -r .InstanceId)

JOB_ID=$(aliyun dts configure-dts-job --region "$REGION" --access-key-id LTAI5tExample000 \
  --access-key-secret 'kS3cr3t-never-shown' \
  --region-id cn-hangzhou \
  --dts-instance-id "$INSTANCE_ID" \
  --dts-job-nme rdsmysql_to_rdsmysql \
  --job-type MIGRATION \
  --data-initialization true --data-synchronization false --structure-initialization true \
  --source-endpoint-instance-type RDS --source-endpoint-engine-name MYSQL \
  --source-endpoint-instance-id rm-bp1072qxu5q3h**** --source-endpoint-region cn-hangzhou \
  --source-endpoint-database-name dtsdb --source-endpoint-user-name dtstest \
  --source-endpoint-password "$(cat /run/secrets/src_password)" \
  --destination-endpoint-instance-type RDS --destination-endpoint-engine-name MYSQL \
  --destination-endpoint-instance-id rm-bp1072qxu5q3h**** --destination-endpoint-region cn-hangzhou \
  --destination-endpoint-user-name dtstest --destination-endpoint-password "$DST_PASSWORD" \
  --db-list '{"dtsdb":{"name":"dtsdb_1","all":"false","Table":{"person":{"name":"person","all":"true"}}}}' \
  --reserve '{"targetTableMode":"0","autoStartModulesAfterConfig":"none"}' | jq -r .DtsJobId)

aliyun dts start-dts-job --region-id cn-hangzhou --dts-job-id "$JOB_ID"
aliyun dts describe-pre-check-status --region-id "$REGION" --dts-job-id "$JOB_ID" \
  --job-code 01 --struct-type before
