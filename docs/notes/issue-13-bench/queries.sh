#!/bin/bash
# cxsem bench --db FILE (compiled SQL vs oracle SQL for the ten dashboard queries), old/new processes alternating.
# usage: queries.sh FILE RUNS which:tag ...
OLD=/work/wt/duckdb-old/src/CxSemantic.Cli/bin/Release/net10.0/cxsem
NEW=/work/wt/bench13/src/CxSemantic.Cli/bin/Release/net10.0/cxsem
db=$1; runs=$2; shift 2
cd /work/bench13-data
for spec in "$@"; do
  which=${spec%%:*}; tag=${spec#*:}
  case $which in old) bin=$OLD; dir=/work/wt/duckdb-old;; o156) bin=/work/bench13-data/old156/cxsem; dir=/work/wt/duckdb-old;; *) bin=$NEW; dir=/work/wt/bench13;; esac
  out=/work/bench13-data/q-$(basename $db .duckdb)-$which-$tag.out
  echo "$(date +%T) start $which $tag on $db load=$(cut -d' ' -f1 /proc/loadavg)" >> queries.log
  (cd $dir && /usr/bin/time -v $bin bench --db /work/bench13-data/$db --runs $runs > $out 2> $out.time)
  echo "$(date +%T) done $which $tag rc=$? wall=$(grep Elapsed $out.time | awk '{print $NF}') load=$(cut -d' ' -f1 /proc/loadavg)" >> queries.log
done
