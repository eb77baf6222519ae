set terminal pngcairo size 1500,950 font "Sans,11"
set output "/work/main/bench/results/latest.png"
set multiplot layout 2,3 title "GuestSync on loopback, 2026-12-04: gateway = 98% of plain YARP req/s, -80.94 ms p99 at half load, RSS 219→231 MB" font "Sans,14"
set style data histograms
set style fill solid 0.85 border -1
set boxwidth 0.8
set grid ytics
set key top left
set yrange [0:*]
set style histogram clustered gap 1
set title "Throughput, 64 connections (higher is better)"
set ylabel "requests/s"
plot "/work/main/bench/results/raw/chart-main.dat" using 2:xtic(1) title "req/s" lc rgb "#4477aa"
set title "Latency at 64 connections (lower is better)"
set ylabel "ms"
plot "/work/main/bench/results/raw/chart-main.dat" using 3:xtic(1) title "p50" lc rgb "#88ccee", "" using 4 title "p99" lc rgb "#4477aa", "" using 5 title "p99.9" lc rgb "#222255"
set title "Server CPU per request (lower is better)"
set ylabel "CPU µs per request"
set style histogram rowstacked
plot "/work/main/bench/results/raw/chart-main.dat" using 6:xtic(1) title "gateway process" lc rgb "#cc6677", "" using 7 title "emulator process" lc rgb "#999933"
set style histogram clustered gap 1
set title "p99 latency vs connections (lower is better)"
set style data linespoints
set logscale xy
set xtics ("1" 1, "8" 8, "64" 64, "256" 256)
set xlabel "connections"
set ylabel "p99 ms"
set yrange [*:*]
plot "/work/main/bench/results/raw/chart-scan.dat" using 1:2 title "a: emulator" lw 2 pt 7, "" using 1:3 title "b: YARP" lw 2 pt 5, "" using 1:4 title "c: gateway" lw 2 pt 9
unset logscale
unset xlabel
set xtics autofreq
set yrange [0:*]
set style data histograms
set title "Latency at half of YARP's max load (lower is better)"
set ylabel "ms"
plot "/work/main/bench/results/raw/chart-half.dat" using 2:xtic(1) title "p50" lc rgb "#88ccee", "" using 3 title "p99" lc rgb "#4477aa", "" using 4 title "p99.9" lc rgb "#222255"
set title "Gateway RSS vs submissions (flat is good; target < 200 MB)"
set style data linespoints
set xlabel "submissions"
set ylabel "MB"
set format x "%.0s%c"
set yrange [0:*]
plot "/work/main/bench/results/raw/chart-rss.dat" using 1:2 title "gateway RSS" lw 2 pt 7 lc rgb "#cc6677", 200 title "200 MB target" dt 2 lc rgb "#888888"
unset multiplot
