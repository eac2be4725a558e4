"""python -m demo [--host H] [--base-port N | --ephemeral] [--oai-records N] [--registry-out DIR]

Starts every demo site, optionally writes the source registry for the bound ports, prints one
"name URL" line per site and serves until Ctrl-C or SIGTERM.
"""
import argparse
import signal
import threading

from demo.web import DEFAULT_PORTS, DemoWeb


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__.splitlines()[2])
    parser.add_argument("--host", default="127.0.0.1")
    ports = parser.add_mutually_exclusive_group()
    ports.add_argument("--base-port", type=int, help="use N, N+1, ... for the sites in order")
    ports.add_argument("--ephemeral", action="store_true", help="let the OS pick free ports")
    parser.add_argument("--oai-records", type=int, default=None)
    parser.add_argument("--registry-out", default=None,
                        help="write the demo source registry here (default: do not write)")
    return parser.parse_args(argv)


def ports_for(args: argparse.Namespace) -> dict[str, int]:
    if args.ephemeral:
        return dict.fromkeys(DEFAULT_PORTS, 0)
    if args.base_port is not None:
        return {key: args.base_port + i for i, key in enumerate(DEFAULT_PORTS)}
    return dict(DEFAULT_PORTS)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with DemoWeb(args.host, ports_for(args), oai_records=args.oai_records) as web:
        if args.registry_out:
            web.write_registry(args.registry_out)
        for key, url in web.urls.items():
            print(key, url, flush=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
