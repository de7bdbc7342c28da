#!/bin/bash
# Runs one instance for Meridian's local executor, as the leader of its own session (started via setsid).
# Usage: meridian-instance.sh INSTANCE_DIR COMMAND [ARG...]
#
# The Java server may die or restart while instances run, so everything it must learn later goes to files:
#   pid         "PID STARTTIME" of this wrapper (STARTTIME: field 22 of /proc/PID/stat, which tells a
#               still-running wrapper from a newer process that reused the pid)
#   exit        the command's exit code (128+N when killed by signal N), written once it ended
#   output.log  stdout and stderr, each line prefixed with its UTC time (2026-01-02T03:04:05.123456Z text)
# Files are written to a temporary name and renamed, so readers never see half of one.
#
# The wrapper runs as the server's user (root, usually) with the platform's environment only: the instance's variables
# reach the instance's own user through a file (see Sandbox), so no shell or loader variable of theirs acts here.
set -u
# what the wrapper writes here is the platform's; the instance gets the usual umask back below
umask 077
dir=$1
shift

read -r stat < "/proc/$$/stat"
read -ra fields <<< "${stat##*) }"
printf '%s %s\n' "$$" "${fields[19]}" > "$dir/pid.tmp" && mv -f "$dir/pid.tmp" "$dir/pid"

# A stop writes stop-requested before it reads pid, and we write pid before we read stop-requested, so a
# stop that found no pid to signal is always seen here: then the command never starts.
if [[ -e $dir/stop-requested ]]; then
    printf '143\n' > "$dir/exit.tmp" && mv -f "$dir/exit.tmp" "$dir/exit"
    exit 143
fi

# A handler rather than an ignore: ignored signals stay ignored in children, but the command must still die
# on the SIGTERM of a stop while this wrapper lives on to record its exit code.
trap 'true' TERM

# Timestamps are added here, not by a Java thread that would die with the server. The stamper ignores SIGTERM so
# that it drains what the dying command wrote. Perl (with Time::HiRes) reads the pipe in blocks; bash's read takes
# a pipe one byte at a time, about 2 MiB/s, which would slow a chatty training script down to the stamper's pace.
if perl -MPOSIX -MTime::HiRes -e 1 2> /dev/null; then
    stamp() {
        trap '' TERM
        # Reads what the pipe holds (up to 64 KiB) at once and writes its complete lines with one write: lines that
        # arrived together carry the same time. A line is held until its newline comes, or until it is 1 MiB long.
        TZ=UTC exec perl -MPOSIX=strftime -MTime::HiRes=gettimeofday -e '
            open(my $out, ">>", $ARGV[0]) or die "cannot open $ARGV[0]: $!";
            binmode(STDIN);
            binmode($out);
            my ($second, $prefix, $rest) = (-1, "", "");
            sub stamped {
                my ($text) = @_;
                my ($now, $micros) = gettimeofday();
                ($second, $prefix) = ($now, strftime("%Y-%m-%dT%H:%M:%S", gmtime($now))) if $now != $second;
                my $stamp = sprintf("%s.%06dZ ", $prefix, $micros);
                $text =~ s/^/$stamp/mg;
                for (my $done = 0; $done < length($text);) {
                    my $written = syswrite($out, $text, length($text) - $done, $done);
                    die "cannot write $ARGV[0]: $!" unless defined $written;
                    $done += $written;
                }
            }
            while (sysread(STDIN, my $block, 65536)) {
                $rest .= $block;
                my $end = rindex($rest, "\n");
                if ($end >= 0) {
                    stamped(substr($rest, 0, $end + 1));
                    $rest = substr($rest, $end + 1);
                }
                if (length($rest) >= 1048576) {
                    stamped($rest . "\n");
                    $rest = "";
                }
            }
            stamped($rest . "\n") if length($rest);' "$dir/output.log"
    }
else
    stamp() {
        trap '' TERM
        export TZ=UTC LC_ALL=C
        local line now
        while IFS= read -r line || [[ -n $line ]]; do
            now=$EPOCHREALTIME
            printf '%(%Y-%m-%dT%H:%M:%S)T.%sZ %s\n' "${now%.*}" "${now#*.}" "$line"
        done >> "$dir/output.log"
    }
fi

{ umask 022; exec "$@"; } < /dev/null 2>&1 | stamp
code=${PIPESTATUS[0]}
printf '%s\n' "$code" > "$dir/exit.tmp" && mv -f "$dir/exit.tmp" "$dir/exit"
exit "$code"
