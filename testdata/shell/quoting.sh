#!/bin/bash
# Every quoting form the reader decodes, each checked against bash.
printf single 'a b' 'it''s' '' 'x\y' '$HOME `no` "q"'
printf double "a b" "x\"y" "back\\slash" "dollar\$sign" "tick\`" "keep\n" "lit\q" "" "a'b"
printf mixed a'b'"c"d 'x'\''y' "a"'b'c\ d
printf backslash a\ b \"q\" \'s\' \\ \$x \# a\	tab
printf continued "one\
two" three\
four 'five\
six'
printf ansi $'tab\there' $'nl\nx' $'q\'x' $'oct\101\60' $'hex\x41\x4a' $'esc\\ \a\b\e\E\f\r\v\?\"' $"locale"
printf hash a#b '#' "#" \#c # a comment 'not a word'
printf dollar $ "$" a$ "a$" '$(no)' "x\$(no)"
printf globs '*' "?" a*b x?y [ab] '[' *.none
printf json '{"dtsdb":{"name":"dtsdb_1","all":"true"}}' "{\"a\":[1,2]}" {"a":1} {}
printf braces {a..z}x '{a,b}' "{a,b}"
printf unicode 'héllo' "日本" naïve
printf equals --Name=value --Name:value --Name='{"a": 1}' --Name="a b" NAME=x
printf crlf a	b
printf tilde '~' a~ "~/x"
aliyun dts ConfigureDtsJob --RegionId cn-hangzhou --JobType MIGRATION \
  --DbList '{"dtsdb":{"name":"dtsdb_1","all":"false","Table":{"person":{"name":"per son","all":"true"}}}}' \
  --Reserve "{\"targetTableMode\":\"0\",\"autoStartModulesAfterConfig\":\"none\"}" \
  --DtsJobName=job\ one --SourceEndpointUserName $'dts\x74est' --DestinationEndpointUserName dts"test"
printf unknown "$HOME" ${X:-'}'} $(echo a) `echo b` ~ {a,b} $((1+2)) "${A}b" <(true) $'\u00e9'
printf inner "$'x'" "'s'" '"d"' "\$'y'"
printf operators a\;b "a;b" a'|'b a\&\&b 'a>b' "a<b" \(p\) a\ \#b
printf multiline 'one
two' "three
four"
printf semicomment a;#c d
x=1;printf assigned y=2 --x=3
printf trailing back\\ slash\\\\
printf end \
