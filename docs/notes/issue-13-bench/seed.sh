#!/bin/bash
# A/B seed runs: label n tag
OLD=/work/wt/duckdb-old/src/CxSemantic.Cli/bin/Release/net10.0/cxsem
NEW=/work/wt/bench13/src/CxSemantic.Cli/bin/Release/net10.0/cxsem
cd /work/bench13-data
run() { # which n tag
  local bin; case $1 in old) bin=$OLD;; o156) bin=/work/bench13-data/old156/cxsem;; *) bin=$NEW;; esac
  local f=$1-$2-$3
  echo "$(date +%T) start $f load=$(cut -d' ' -f1 /proc/loadavg)" >> seed.log
  /usr/bin/time -v $bin seed -n $4 --out $f.duckdb --force > seed-$f.out 2> seed-$f.time
  echo "$(date +%T) $f rc=$? wall=$(grep Elapsed seed-$f.time | awk '{print $NF}') rss_kb=$(grep 'Maximum resident' seed-$f.time | awk '{print $NF}') cpu=$(grep 'Percent of CPU' seed-$f.time | awk '{print $NF}') load=$(cut -d' ' -f1 /proc/loadavg)" >> seed.log
}
for spec in "$@"; do run $(echo $spec | tr ':' ' '); done
