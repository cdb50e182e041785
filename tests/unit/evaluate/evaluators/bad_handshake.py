"""TEST DOUBLE: an evaluator whose start goes wrong in the way argv[1] names:

  garbage          its first line is not JSON
  wrong-protocol   it speaks evp-evaluator/2
  groupwise-only   it offers only the groupwise mode
  exit             writes "cannot load the model" to stderr and exits with status 2
  silent           never writes its handshake
"""

import json
import sys
import time

how = sys.argv[1]
if how == "garbage":
    print("hello evp", flush=True)
elif how == "wrong-protocol":
    print(json.dumps({"protocol": "evp-evaluator/2", "modes": ["pointwise"]}), flush=True)
elif how == "groupwise-only":
    print(json.dumps({"protocol": "evp-evaluator/1", "modes": ["groupwise"]}), flush=True)
elif how == "exit":
    sys.stderr.write("cannot load the model\n")
    sys.exit(2)
elif how == "silent":
    time.sleep(3600)
sys.stdin.read()
