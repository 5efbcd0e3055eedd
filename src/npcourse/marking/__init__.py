"""Exercise marking shared by the chapters' ``checks`` modules.

- ``core``    the result of a check (:class:`~npcourse.marking.core.Result`): correct, not quite
              (with a hint), or not answered yet (the untouched ``...`` stub of the exercise)
- ``kidney``  marking of creatinine-clearance answers, shared by chapters 5 and 10
"""
