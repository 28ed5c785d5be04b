#!/bin/bash
# cxsem load --from FILE --to PostgreSQL (fresh database per run), old/new alternating. usage: load.sh FILE which:tag ...
OLD=/work/wt/duckdb-old/src/CxSemantic.Cli/bin/Release/net10.0/cxsem
NEW=/work/wt/bench13/src/CxSemantic.Cli/bin/Release/net10.0/cxsem
PG=/usr/lib/postgresql/15/bin
db=$1; shift
cd /work/bench13-data
for spec in "$@"; do
  which=${spec%%:*}; tag=${spec#*:}
  [ $which = old ] && bin=$OLD || bin=$NEW
  target=cx_$which_$tag; target=cx_${which}_${tag}
  $PG/dropdb -h 127.0.0.1 -p 55433 -U postgres --if-exists $target; $PG/createdb -h 127.0.0.1 -p 55433 -U postgres $target
  out=/work/bench13-data/load-$(basename $db .duckdb)-$which-$tag.out
  sync; sleep 2
  echo "$(date +%T) start $which $tag load=$(cut -d' ' -f1 /proc/loadavg)" >> load.log
  /usr/bin/time -v $bin load --from /work/bench13-data/$db --to "Host=127.0.0.1;Port=55433;Username=postgres;Database=$target" > $out 2> $out.time
  echo "$(date +%T) done $which $tag rc=$? wall=$(grep Elapsed $out.time | awk '{print $NF}') rss_kb=$(grep 'Maximum resident' $out.time | awk '{print $NF}') cpu=$(grep 'Percent of CPU' $out.time | awk '{print $NF}') load=$(cut -d' ' -f1 /proc/loadavg)" >> load.log
done
