"""``python -m bvdata``: the arguments are parsed first (argparse only); for ``check`` the reader
child then starts on the file, and reads it while this process imports pandas and the rest."""
import sys

from .cli.args import build_parser

args = build_parser().parse_args()
if args.run == "check":
    from .read.door.guard import prefetch
    prefetch(args.file)

from .cli.main import main

sys.exit(main(args=args))
