#!/bin/bash
# Separators, nesting and here documents.
a one; b two && c three || d four | e five & f six
g seven;h eight&&i nine||j ten|k eleven&l twelve
( m thirteen; n fourteen ) && { o fifteen; }
if p sixteen; then q seventeen; elif r eighteen; then s nineteen; else t twenty; fi
while u one; do v two; done
case "$x" in a) w three;; b) x four;; esac
V=1 W="two words" y five six
echo "$(aliyun dts DescribeDtsJobs --RegionId cn-hangzhou --PageSize 30)" > jobs.json
OUT=`aliyun dts DescribeDtsJobDetail --RegionId cn-hangzhou --DtsJobId abc`
nested "$(echo "$(aliyun dts DescribeDtsJobs --RegionId "cn-hangzhou")")"
cat <<EOF > /dev/null
aliyun dts HereDocBody --RegionId not-a-command
$(aliyun dts HereDocSubstitution --RegionId skipped)
EOF
cat <<-'END' | z reader
	aliyun dts QuotedDelimiter --RegionId not-a-command
	END
cat << "X" ; after heredoc
aliyun dts Body --X 1
X
aliyun dts StartDtsJob --RegionId cn-hangzhou --DtsJobId 'after-heredocs' 2>&1 >> log.txt
aliyun dts StopDtsJob --RegionId cn-hangzhou --DtsJobId x <<< "here string" # trailing comment
sudo -E aliyun dts ResetDtsJob --RegionId cn-hangzhou --DtsJobId x
env A=1 aliyun dts DeleteDtsJob --RegionId cn-hangzhou --DtsJobId x
! aliyun dts SuspendDtsJob --RegionId cn-hangzhou --DtsJobId x
/usr/local/bin/aliyun dts DescribeDtsJobDetail --RegionId cn-hangzhou --DtsJobId y
aliyun dts ConfigureDtsJob "$@"
aliyun dts ModifyDtsJobName --RegionId cn-hangzhou --DtsJobId x --NewDtsJobName= renamed
aliyun dts ModifyDtsJobName --RegionId cn-hangzhou --DtsJobId --NewDtsJobName renamed extra
aliyun dts
aliyun dts --help
aliyun ecs DescribeInstances --RegionId cn-hangzhou
aliyun rds DescribeDBInstances --RegionId cn-hangzhou # not dts
echo aliyun dts NotAtStart --X 1
x=$( (aliyun dts DescribeSubscriptionMeta --RegionId cn-hangzhou) )
arr=(aliyun dts InArray) ; done_with arrays
(( i = 1 + 2 )) && math done
aliyun --profile dts-admin --region cn-hangzhou dts DescribeDtsJobs --PageSize 30 --PageNumber=2
