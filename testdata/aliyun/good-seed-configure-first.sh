#!/bin/sh
# The seed guide's second workflow (/work/shared/seeds/003_1a26fd5673d9fc75.txt):
# configure the task first, then buy the instance with AutoStart, which
# starts the task and its precheck; then poll the precheck.
REGION="cn-hangzhou"
JOB_ID=$(aliyun dts ConfigureDtsJob --RegionId "${REGION}" --JobType MIGRATION \
	--DtsJobName=rdsmysql_to_rdsmysql_2 \
	--DataInitialization=true --DataSynchronization=false --StructureInitialization=true \
	--SourceEndpointInstanceType RDS --SourceEndpointEngineName MYSQL \
	--SourceEndpointInstanceID rm-bp1072qxu5q3h**** --SourceEndpointRegion cn-hangzhou \
	--SourceEndpointDatabaseName dtsdb --SourceEndpointUserName dtstest \
	--SourceEndpointPassword "$SRC_PASSWORD" \
	--DestinationEndpointInstanceType RDS --DestinationEndpointEngineName MYSQL \
	--DestinationEndpointInstanceID rm-bp1072qxu5q3h**** --DestinationEndpointRegion cn-hangzhou \
	--DestinationEndpointUserName dtstest --DestinationEndpointPassword "$DST_PASSWORD" \
	--DbList "$(cat dblist.json)" \
	--Reserve="{\"targetTableMode\":\"0\"}" | jq -r .DtsJobId) || exit 1
aliyun dts CreateDtsInstance --RegionId=cn-hangzhou --Type MIGRATION --InstanceClass small \
	--PayType PostPaid --SourceRegion cn-hangzhou --DestinationRegion cn-hangzhou \
	--SourceEndpointEngineName MySQL --DestinationEndpointEngineName MySQL \
	--JobId "$JOB_ID" --AutoStart true --Quantity 1 --sts-token "$STS_TOKEN"
aliyun dts DescribePreCheckStatus --RegionId cn-hangzhou --DtsJobId "$JOB_ID" \
	--JobCode 01 --StructType before \
	--waiter expr='$.Total' to=10 --output cols=JobName,State rows=JobProgress[]
