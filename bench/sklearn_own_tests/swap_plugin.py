"""A pytest plugin that runs scikit-learn's own test files on Skratch's estimators.

Loaded by ``run.py`` with ``-p swap_plugin``. It does four things:

1. Swap. Each measured test module is loaded by a finder of ours, and its code
   runs with an ``__import__`` that hands out Skratch's class wherever the
   module imports one of the shared scikit-learn names (see
   ``selection.SHARED``), at module level, inside test functions, or as an
   attribute of an imported module (``linear_model.SGDClassifier``). So names,
   parametrize lists and module-level dicts built at import time all hold
   Skratch's objects. scikit-learn's package itself is never patched.
2. Rewrite. Literal keywords naming a solver alias
   (``LogisticRegression(solver="lbfgs")``) become Skratch's solver; a
   shared estimator built at import time with a parameter Skratch lacks
   becomes a stand-in that raises the original error when a test uses it, so
   one missing parameter costs the tests that use it, not the whole file.
3. Select. Each collected case either counts or goes to exactly one of the
   groups in ``selection.GROUPS``; cases that do not count are deselected and
   recorded with their group and the reason.
4. Record. Each counted case's outcome, the exception that failed it and
   where it was raised, under a per-test time limit, go to a JSON file
   (``--skratch-json``) that ``run.py`` turns into the report.
"""

import ast
import builtins
import functools
import importlib
import importlib.abc
import importlib.util
import json
import os
import re
import signal
import sys
import time
import traceback
import types
from pathlib import Path

import pytest


def _load_selection():
    path = Path(__file__).with_name("selection.py")
    spec = importlib.util.spec_from_file_location("_skratch_sklearn_selection", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


selection = _load_selection()


def _resolve(dotted):
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


# ---------------------------------------------------------------------------
# 1. Swapping scikit-learn's shared names for Skratch's
# ---------------------------------------------------------------------------

class Swap:
    """The one table of scikit-learn object -> Skratch object, by identity."""

    def __init__(self):
        self.by_id = {}          # id(sklearn object) -> skratch object
        self.sklearn = {}        # short name -> sklearn object
        self.skratch = {}        # short name -> skratch object
        for sk_name, skr_name in selection.SHARED.items():
            sk_obj, skr_obj = _resolve(sk_name), _resolve(skr_name)
            short = sk_name.rpartition(".")[2]
            self.by_id[id(sk_obj)] = skr_obj
            self.sklearn[short] = sk_obj
            self.skratch[short] = skr_obj
        self.skratch_classes = tuple(o for o in self.skratch.values() if isinstance(o, type))
        self._proxies = {}

    def value(self, obj):
        """What a measured module sees in place of ``obj``."""
        swapped = self.by_id.get(id(obj))
        if swapped is not None:
            return swapped
        if isinstance(obj, types.ModuleType) and not isinstance(obj, SwappedModule):
            if obj.__name__.partition(".")[0] == "sklearn":
                return self.proxy(obj)
        return obj

    def proxy(self, module):
        proxy = self._proxies.get(module.__name__)
        if proxy is None:
            proxy = self._proxies[module.__name__] = SwappedModule(module, self)
        return proxy

    def is_shared(self, obj):
        """Whether ``obj`` is (an instance or subclass of) a Skratch shared object."""
        if isinstance(obj, Unbuilt):
            return True
        if any(obj is o for o in self.skratch.values()):
            return True
        if isinstance(obj, type):
            return issubclass(obj, self.skratch_classes)
        return isinstance(obj, self.skratch_classes)

    def builtins_for_tests(self):
        real_import = builtins.__import__

        def swapping_import(name, globals=None, locals=None, fromlist=(), level=0):
            return self.value(real_import(name, globals, locals, fromlist, level))

        namespace = dict(builtins.__dict__)
        namespace["__import__"] = swapping_import
        return namespace


class SwappedModule(types.ModuleType):
    """A read-through view of a scikit-learn module with the shared names swapped."""

    def __init__(self, real, swap):
        super().__init__(real.__name__, real.__doc__)
        for attr in ("__loader__", "__package__", "__spec__"):
            self.__dict__.pop(attr, None)
        self.__dict__["_swapped_real"] = real
        self.__dict__["_swapped_by"] = swap

    def __getattr__(self, name):
        return self._swapped_by.value(getattr(self._swapped_real, name))

    def __dir__(self):
        return dir(self._swapped_real)

    def __repr__(self):
        return f"<swapped {self._swapped_real!r}>"


class Unbuilt:
    """A shared estimator that could not be built when the test module was imported.

    ``LogisticRegression(l1_ratio=0.5)`` in a parametrize list fails with
    Skratch's class when the module is imported; this stand-in takes its place
    and raises that same error when a test uses it, so the cases that need
    that parameter fail and the rest of the file still runs.
    """

    def __init__(self, name, kwargs, error):
        self.__dict__.update(_unbuilt_name=name, _unbuilt_kwargs=kwargs,
                             _unbuilt_error=error)

    def __getattr__(self, attr):
        if attr.startswith("__"):  # protocol probes (hasattr(x, "__code__")...)
            raise AttributeError(attr)
        raise self._unbuilt_error

    def __call__(self, *args, **kwargs):
        raise self._unbuilt_error

    def __repr__(self):
        return f"{self._unbuilt_name}(<cannot build: {self._unbuilt_error}>)"


def _build_at_import(factory, *args, **kwargs):
    """Call a shared estimator at module import time; an Unbuilt stand-in if it fails."""
    try:
        return factory(*args, **kwargs)
    except Exception as error:  # the test that uses it will raise it again
        name = getattr(factory, "__name__", "estimator")
        stand_in_type = type(name, (Unbuilt,), {})  # so ids=... still shows the name
        return stand_in_type(name, kwargs, error)


# ---------------------------------------------------------------------------
# 2. Rewriting the test module's source (on its AST, before assert rewriting)
# ---------------------------------------------------------------------------

def _callee_name(call):
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _alias(estimator, keyword, value):
    """The value Skratch's ``estimator`` gets for ``keyword=value`` (see SOLVER_ALIASES)."""
    table = selection.SOLVER_ALIASES.get(estimator, {}).get(keyword, {})
    return table.get(value, value) if isinstance(value, str) else value


_ALIAS_KEYWORDS = {kw for tables in selection.SOLVER_ALIASES.values() for kw in tables}


class SolverAliases(ast.NodeTransformer):
    """Map solver aliases in the arguments of calls that reach a Skratch estimator.

    A call with a ``solver=`` (or ``algorithm=``) keyword or ``**kwargs``,
    ``LogisticRegression(solver=solver)``, ``Estimator(solver="lbfgs")``,
    ``lr.set_params(solver=s)``, gets its value through ``_alias_for`` when it
    runs: if the callee is Skratch's estimator (or its bound method), an alias
    becomes Skratch's solver; any other callee (LogisticRegressionCV, a
    scikit-learn helper) gets the value unchanged. The test itself (its
    branches, its expected messages) still sees the original name.
    """

    VALUE = "__skratch_alias_for__"
    KWARGS = "__skratch_alias_kwargs_for__"

    def __init__(self):
        self.count = 0

    @staticmethod
    def _plain(func):
        """Whether the callee is a name or a dotted name (safe to evaluate twice)."""
        while isinstance(func, ast.Attribute):
            func = func.value
        return isinstance(func, ast.Name)

    def visit_Call(self, node):
        self.generic_visit(node)
        if not self._plain(node.func):
            return node
        for keyword in node.keywords:
            value = keyword.value
            if keyword.arg is None:  # **kwargs
                helper, args = self.KWARGS, [node.func, value]
            elif keyword.arg in _ALIAS_KEYWORDS:
                helper, args = self.VALUE, [node.func, ast.Constant(keyword.arg), value]
            else:
                continue
            keyword.value = ast.copy_location(
                ast.Call(func=ast.Name(helper, ast.Load()), args=args, keywords=[]), value)
            self.count += 1
        return node


def _alias_target(swap, callee):
    """The shared estimator's name if ``callee`` builds or sets params of Skratch's."""
    owner = getattr(callee, "__self__", None)  # est.set_params
    if owner is not None and not isinstance(owner, types.ModuleType):
        callee = type(owner)
    if isinstance(callee, type):
        for name, obj in swap.skratch.items():
            if isinstance(obj, type) and issubclass(callee, obj):
                return name
    return None


def _alias_helpers(swap):
    def alias_for(callee, keyword, value):
        target = _alias_target(swap, callee)
        return _alias(target, keyword, value) if target else value

    def alias_kwargs_for(callee, kwargs):
        target = _alias_target(swap, callee)
        if not target:
            return kwargs
        return {k: _alias(target, k, v) for k, v in dict(kwargs).items()}

    return alias_for, alias_kwargs_for


class BuildAtImport(ast.NodeTransformer):
    """Wrap calls of shared estimators in code that runs at import time.

    Only module-level statements, decorators and default values run at
    import; function bodies and lambdas run inside the tests, where a failing
    constructor should fail the test, so they are left alone.
    """

    HELPER = "__skratch_build_at_import__"

    def __init__(self, shared_names):
        self.shared_names = shared_names

    def visit_FunctionDef(self, node):
        node.decorator_list = [self.visit(d) for d in node.decorator_list]
        node.args = self.visit(node.args)  # default values
        return node  # not the body

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        node.args = self.visit(node.args)
        return node

    def visit_Call(self, node):
        self.generic_visit(node)
        if _callee_name(node) not in self.shared_names:
            return node
        wrapped = ast.Call(func=ast.Name(self.HELPER, ast.Load()),
                           args=[node.func, *node.args], keywords=node.keywords)
        return ast.copy_location(wrapped, node)


# ---------------------------------------------------------------------------
# Facts about each function of a test module, for the selection rules
# ---------------------------------------------------------------------------

class Facts:
    """What a piece of test code refers to."""

    def __init__(self):
        self.names = set()          # global-looking names loaded
        self.chains = set()         # ("tree", "_tree", "TREE_LEAF") for tree._tree.TREE_LEAF
        self.attrs = set()          # every attribute name used
        self.loop_strings = set()   # strings in the iterable of a for loop
        self.loop_names = set()     # names in the iterable of a for loop
        self.keywords = set()       # keyword argument names of calls
        self.option_calls = []      # (callee, keyword, constant value)

    def update(self, other):
        for field in ("names", "chains", "attrs", "loop_strings",
                      "loop_names", "keywords"):
            getattr(self, field).update(getattr(other, field))
        self.option_calls.extend(other.option_calls)

    @classmethod
    def of(cls, nodes):
        facts = cls()
        for node in nodes:
            for sub in ast.walk(node):
                facts._see(sub)
        return facts

    def _see(self, node):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            self.names.add(node.id)
        elif isinstance(node, ast.Attribute):
            self.attrs.add(node.attr)
            chain, base = [node.attr], node.value
            while isinstance(base, ast.Attribute):
                chain.append(base.attr)
                base = base.value
            if isinstance(base, ast.Name):
                self.chains.add((base.id, *reversed(chain)))
        elif isinstance(node, (ast.For, ast.comprehension)):
            for sub in ast.walk(node.iter):
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                    self.loop_strings.add(sub.value)
                elif isinstance(sub, ast.Name):
                    self.loop_names.add(sub.id)
        elif isinstance(node, ast.Call):
            callee = _callee_name(node)
            for keyword in node.keywords:
                if keyword.arg is None:
                    continue
                self.keywords.add(keyword.arg)
                if isinstance(keyword.value, ast.Constant):
                    self.option_calls.append((callee, keyword.arg, keyword.value.value))


class ModuleFacts:
    """The facts of every top-level function, class and data name of a test module."""

    def __init__(self, tree):
        self.functions, self.decorators, self.classes, self.methods = {}, {}, {}, {}
        self.data = {}
        self.imports = {}   # local name -> (module, attribute or None)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = (node.module, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.imports[alias.asname] = (alias.name, None)
                    else:
                        top = alias.name.partition(".")[0]
                        self.imports[top] = (top, None)
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[node.name] = Facts.of(node.body + [node.args])
                self.decorators[node.name] = Facts.of(node.decorator_list)
            elif isinstance(node, ast.ClassDef):
                self.classes[node.name] = Facts.of(node.body + node.bases)
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        self.methods[(node.name, item.name)] = Facts.of(item.body)
                        self.decorators[(node.name, item.name)] = Facts.of(item.decorator_list)
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                facts = Facts.of([node.value] if node.value is not None else [])
                for target in targets:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name):
                            self.data.setdefault(sub.id, Facts()).update(facts)
            elif (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
                  and isinstance(node.value.func, ast.Attribute)
                  and isinstance(node.value.func.value, ast.Name)):
                # ALL_TREES.update(CLF_TREES): the data grows after its assignment
                target = node.value.func.value.id
                self.data.setdefault(target, Facts()).update(Facts.of([node.value]))

    def closure(self, start, fixture_names):
        """(direct, indirect) facts of a test.

        Direct: the test function, the module's helper functions it calls
        (transitively) and the module's fixtures it requests. Indirect: the
        module-level data and helper classes those refer to.
        """
        direct, indirect = Facts(), Facts()
        direct.update(start)
        todo_functions = [n for n in fixture_names if n in self.functions]
        seen = set()
        todo_functions += list(start.names)
        while todo_functions:
            name = todo_functions.pop()
            if name in seen or name not in self.functions:
                continue
            seen.add(name)
            direct.update(self.functions[name])
            todo_functions.extend(self.functions[name].names)
        todo_data = list(direct.names)
        while todo_data:
            name = todo_data.pop()
            if name in seen:
                continue
            seen.add(name)
            facts = self.data.get(name) or self.classes.get(name)
            if facts is None and name in self.functions:
                facts = self.functions[name]
            if facts is None:
                continue
            indirect.update(facts)
            todo_data.extend(facts.names)
        return direct, indirect


# ---------------------------------------------------------------------------
# The loader of measured test modules
# ---------------------------------------------------------------------------

class MeasuredModules(importlib.abc.MetaPathFinder):
    """Finds and loads the measured test modules through ``SwapLoader``."""

    def __init__(self, paths, swap, config):
        self.paths = paths      # module name -> Path
        self.swap = swap
        self.config = config
        self.facts = {}         # module name -> ModuleFacts
        self.alias_rewrites = {}

    def find_spec(self, name, path=None, target=None):
        file = self.paths.get(name)
        if file is None:
            return None
        return importlib.util.spec_from_file_location(name, file, loader=SwapLoader(self))


class SwapLoader(importlib.abc.Loader):
    def __init__(self, finder):
        self.finder = finder

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        from _pytest.assertion.rewrite import rewrite_asserts

        finder = self.finder
        path = module.__spec__.origin
        source = Path(path).read_bytes()
        tree = ast.parse(source, filename=path)
        finder.facts[module.__name__] = ModuleFacts(tree)
        aliases = SolverAliases()
        tree = aliases.visit(tree)
        finder.alias_rewrites[module.__name__] = aliases.count
        tree = BuildAtImport(set(finder.swap.skratch)).visit(tree)
        ast.fix_missing_locations(tree)
        rewrite_asserts(tree, source, path, finder.config)
        code = compile(tree, path, "exec", dont_inherit=True)
        module.__dict__["__builtins__"] = finder.swap.builtins_for_tests()
        module.__dict__[BuildAtImport.HELPER] = _build_at_import
        alias_for, alias_kwargs_for = _alias_helpers(finder.swap)
        module.__dict__[SolverAliases.VALUE] = alias_for
        module.__dict__[SolverAliases.KWARGS] = alias_kwargs_for
        exec(code, module.__dict__)


# ---------------------------------------------------------------------------
# 3. Selection
# ---------------------------------------------------------------------------

def _sklearn_dir():
    import sklearn
    return Path(sklearn.__file__).parent


def measured_files():
    """Every measured test file: relative path -> family module name."""
    root = _sklearn_dir()
    files = {}
    for entry, family in selection.FILES.items():
        path = root / entry
        for file in sorted(path.glob("test_*.py")) if path.is_dir() else [path]:
            files[file.relative_to(root).as_posix()] = family
    return files


def _leaves(value, depth=0):
    """The values inside a parameter value (into containers and partials)."""
    yield value
    if depth > 3:
        return
    if isinstance(value, Unbuilt):
        yield from _leaves(value._unbuilt_kwargs, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            yield from _leaves(v, depth + 1)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(k, depth + 1)
            yield from _leaves(v, depth + 1)
    elif isinstance(value, functools.partial):
        yield from _leaves(value.func, depth + 1)
        yield from _leaves(list(value.args), depth + 1)
        yield from _leaves(dict(value.keywords or {}), depth + 1)


def _tokens_mention(test_name, name):
    """Whether ``name`` (lower-cased, no underscores) is a run of the test name's words."""
    target = name.lower().replace("_", "")
    words = test_name.lower().split("_")
    for i in range(len(words)):
        joined = ""
        for word in words[i:]:
            joined += word
            if joined == target:
                return True
            if len(joined) >= len(target):
                break
    return False


class Selector:
    def __init__(self, swap, finder, files):
        self.swap = swap
        self.finder = finder
        self.files = files                       # relative path -> family
        self.module_names = {}                   # module name -> relative path
        self.families = {}
        for rel, family in files.items():
            self.module_names["sklearn." + rel[:-3].replace("/", ".")] = rel
            if family not in self.families:
                module = importlib.import_module(family)
                public = {n: getattr(module, n) for n in getattr(module, "__all__", [])}
                lacking = {n: o for n, o in public.items() if n not in swap.skratch}
                self.families[family] = (module, public, lacking)
        self.lacking_stems = {}
        for family, (_, _, lacking) in self.families.items():
            stems = {}
            for name in lacking:
                stems[name] = {name}
                for suffix in ("Classifier", "Regressor"):
                    stem = name[: -len(suffix)] if name.endswith(suffix) else None
                    if stem and not any(s.startswith(stem) for s in swap.skratch):
                        stems[name].add(stem)
            self.lacking_stems[family] = stems
        self.seen_cases = set()
        self.sparse_types = self._sparse_types()

    @staticmethod
    def _sparse_types():
        import scipy.sparse as sp
        return tuple(getattr(sp, n) for n in dir(sp)
                     if isinstance(getattr(sp, n), type)
                     and n.endswith(("_matrix", "_array")))

    # --- what a name, an object, a parameter is ---

    def origin_kind(self, module_name, local_name, family):
        """'private', 'lacking', 'array_api', 'routing' or None for an imported name."""
        origin = self.finder.facts[module_name].imports.get(local_name)
        if origin is None:
            return None
        source, attr = origin
        if not source.startswith("sklearn"):
            return None
        if attr in selection.ARRAY_API_NAMES:
            return "array_api"
        if attr in selection.METADATA_ROUTING_NAMES or source in selection.METADATA_ROUTING_MODULES:
            return "routing"
        if any(source == m or source.startswith(m + ".") for m in selection.TEST_UTILITY_MODULES):
            return None
        try:
            obj = getattr(importlib.import_module(source), attr) if attr else importlib.import_module(source)
        except (ImportError, AttributeError):
            return None
        if id(obj) in self.swap.by_id or _is_plain_constant(obj):
            return None
        _, _, lacking = self.families[family]
        if any(obj is o for o in lacking.values()):
            return "lacking"
        return "private" if self.is_private(source, attr, obj) else None

    @staticmethod
    def is_private(source, attr, obj):
        """A private name of scikit-learn that no public module re-exports."""
        if attr and attr.startswith("_"):
            return True
        parts = source.split(".")
        if not any(p.startswith("_") for p in parts):
            return False
        public = [".".join(parts[:i]) for i in range(len(parts), 0, -1)
                  if not any(p.startswith("_") for p in parts[:i])]
        for name in public:
            try:
                if getattr(importlib.import_module(name), attr or "", None) is obj:
                    return False
            except ImportError:
                pass
        return True

    def object_kind(self, obj, family, arg=""):
        """'shared', 'lacking', 'sparse' or None for a parameter value."""
        if self.swap.is_shared(obj):
            return "shared"
        if isinstance(obj, str):
            if obj in self.swap.skratch:
                return "shared"
            if obj in self.families[family][2]:
                return "lacking"
            if obj.startswith("sparse") and arg not in _OPTION_KEYWORDS:
                return "sparse_name"  # "sparse_csr" data, not solver="sparse_cg"
            return None
        if isinstance(obj, type) and issubclass(obj, self.sparse_types):
            return "sparse"
        if (isinstance(obj, type) and "sparse" in obj.__name__.lower()
                and obj.__module__ in self.module_names):
            return "sparse"  # test_sgd's _SparseSGDClassifier feeds fit sparse X
        if isinstance(obj, self.sparse_types):
            return "sparse"
        _, _, lacking = self.families[family]
        cls = obj if isinstance(obj, type) else type(obj)
        if any(cls is o for o in lacking.values() if isinstance(o, type)):
            return "lacking"
        return None

    # --- what a case refers to ---

    def describe(self, item):
        """Everything the rules need to know about one collected case."""
        module = item.module
        module_name = module.__name__
        rel = self.module_names[module_name]
        family = self.files[rel]
        facts = self.finder.facts[module_name]
        key = (item.cls.__name__, item.originalname) if item.cls else item.originalname
        start = (facts.methods if item.cls else facts.functions).get(key, Facts())
        decorators = facts.decorators.get(key, Facts())
        direct, indirect = facts.closure(start, item.fixturenames)
        params = dict(item.callspec.params) if hasattr(item, "callspec") else {}
        info = types.SimpleNamespace(
            module=module, rel=rel, family=family, facts=facts, direct=direct,
            decorators=decorators, params=params, name=item.originalname,
            owners=selection.OPTION_OWNERS.get(rel, {}),
            function_key=(module_name, str(key)),
            shared=set(), lacking=set(), private=set(), array_api=set(),
            routing=set(), param_kinds={})

        for ref, is_direct in ([(n, True) for n in direct.names]
                               + [(n, False) for n in indirect.names - direct.names]):
            value = module.__dict__.get(ref)
            if value is not None and self.swap.is_shared(value):
                info.shared.add(ref)
            kind = self.origin_kind(module_name, ref, family)
            if kind == "array_api":
                info.array_api.add(ref)
            elif is_direct and kind in ("lacking", "private", "routing"):
                getattr(info, kind).add(ref)
        for chain in direct.chains | indirect.chains:
            base = module.__dict__.get(chain[0])
            if not isinstance(base, SwappedModule):
                continue
            real = getattr(base._swapped_real, chain[1], None)
            dotted = ".".join(chain[:2])
            if id(real) in self.swap.by_id:
                info.shared.add(dotted)
            elif chain not in direct.chains:
                continue
            elif chain[1].startswith("_") and not chain[1].startswith("__"):
                if not _is_plain_constant(_follow(base._swapped_real, chain[1:])):
                    info.private.add(".".join(chain))
            elif any(real is o for o in self.families[family][2].values()):
                info.lacking.add(dotted)
        for chain in direct.chains:
            base = module.__dict__.get(chain[0])
            if isinstance(base, types.ModuleType):
                continue
            for attr in chain[1:]:
                if attr.startswith("_") and not attr.startswith("__"):
                    info.private.add(".".join(chain))
        for attr in direct.attrs:
            if attr == "get_metadata_routing" or re.fullmatch(r"set_\w+_request", attr):
                info.routing.add("." + attr)

        for arg, value in params.items():
            for leaf in _leaves(value):
                kind = self.object_kind(leaf, family, arg)
                if kind:
                    info.param_kinds.setdefault(kind, []).append(f"{arg}={_short(leaf)}")
            if isinstance(value, types.FunctionType):
                # a function given as a parameter (a factory such as test_sgd's
                # SparseSGDClassifier, a lambda) counts by what its code uses
                kind = self.function_kind(value, info)
                if kind:
                    info.param_kinds.setdefault(kind, []).append(f"{arg}={value.__name__}")
        if "shared" in info.param_kinds:
            info.shared.add("parameter " + info.param_kinds["shared"][0])
        return info

    def function_kind(self, function, info):
        """'sparse', 'lacking', 'shared' or None for a function passed as a parameter."""
        module, facts = info.module, info.facts
        if function.__module__ == module.__name__ and function.__name__ in facts.functions:
            direct, indirect = facts.closure(facts.functions[function.__name__], [])
            names = direct.names | indirect.names
            chains = direct.chains | indirect.chains
        else:  # a lambda: the names its code loads
            names, chains = set(function.__code__.co_names), set()
        kinds = set()
        for ref in names:
            value = module.__dict__.get(ref)
            if self.is_sparse_name(info, ref) or (
                    isinstance(value, type) and "sparse" in value.__name__.lower()
                    and value.__module__ == module.__name__):
                kinds.add("sparse")
            elif ref in self.swap.skratch or self.swap.is_shared(value):
                kinds.add("shared")
            elif self.origin_kind(module.__name__, ref, info.family) == "lacking":
                kinds.add("lacking")
        for chain in chains:
            base = module.__dict__.get(chain[0])
            if isinstance(base, SwappedModule):
                real = getattr(base._swapped_real, chain[1], None)
                if id(real) in self.swap.by_id:
                    kinds.add("shared")
                elif any(real is o for o in self.families[info.family][2].values()):
                    kinds.add("lacking")
        for kind in ("sparse", "lacking", "shared"):
            if kind in kinds:
                return kind
        return None

    # --- the rules, in the order of selection.GROUPS ---

    def decide(self, item, info, sparse_parametrized):
        """(rule or None, detail) for one case: None means the case counts."""
        kinds = info.param_kinds
        if not info.shared:
            if "lacking" in kinds:
                return "lacking", kinds["lacking"][0]
            if info.lacking:
                return "lacking", ", ".join(sorted(info.lacking))
            return "no_shared", ""
        xfail = item.get_closest_marker("xfail")
        if xfail is not None and (not xfail.args or bool(xfail.args[0])):
            return "xfail", xfail.kwargs.get("reason", "")
        keywords = info.direct.keywords | info.decorators.keywords
        if ("array_namespace" in info.params or "array_namespace" in item.fixturenames
                or "array_api" in info.name or info.array_api
                or "array_api_dispatch" in keywords):
            return "array_api", ", ".join(sorted(info.array_api)) or "array API parameters"
        for kind in ("sparse", "sparse_name"):
            if kind in kinds:
                return "sparse", kinds[kind][0]
        if info.function_key not in sparse_parametrized:
            # no case of this test is parametrized on sparse data, so sparse
            # names in its body mean it feeds sparse data itself
            refs = sorted(r for r in info.direct.names if self.is_sparse_name(info, r))
            if refs:
                return "sparse", "uses " + ", ".join(refs)
        if "lacking" in kinds:
            return "lacking", kinds["lacking"][0]
        option = self.excluded_option(info.params, info.owners, info.direct,
                                      info.module, info.family)
        if option:
            return "excluded_option", option
        if info.private:
            return "private", ", ".join(sorted(info.private))
        words = set(info.name.lower().split("_"))
        if info.routing or words & set(selection.METADATA_ROUTING_WORDS):
            return "routing", ", ".join(sorted(info.routing)) or "named so"
        if info.lacking:
            for name, stems in self.lacking_stems[info.family].items():
                if any(_tokens_mention(info.name, stem) for stem in stems):
                    return "lacking_name", f"{name} (uses {', '.join(sorted(info.lacking))})"
            for words, name in selection.LACKING_NAME_WORDS.items():
                if _tokens_mention(info.name, words):
                    return "lacking_name", f"{name}: {words!r} in the name"
        chosen = self.by_hand(info)
        if chosen:
            return chosen
        if self.is_duplicate(item, info.owners):
            return "duplicate", "same case as another after solver aliases"
        item.user_properties.append(("skratch_mixed", sorted(info.lacking)))
        item.user_properties.append(("skratch_uses", self.shared_estimators(info)))
        return None, ""

    def shared_estimators(self, info):
        """The short names of the shared estimators a counted case uses."""
        used = set()
        for arg, value in info.params.items():
            for leaf in _leaves(value):
                cls = leaf if isinstance(leaf, type) else type(leaf)
                for name, obj in self.swap.skratch.items():
                    if isinstance(obj, type) and issubclass(cls, obj):
                        used.add(name)
                if isinstance(leaf, Unbuilt):
                    used.add(leaf._unbuilt_name)
        if not used:  # no estimator among the parameters: the ones the code names
            for ref in info.shared:
                for name in self.swap.skratch:
                    if re.search(rf"\b{name}\b", ref):
                        used.add(name)
        return sorted(used)

    @staticmethod
    def by_hand(info):
        """(rule, reason) if a by-hand group lists the case, else None."""
        for group in selection.GROUPS:
            for case in group.get("cases", []):
                if case["file"] != info.rel or case["test"] != info.name:
                    continue
                wanted = case.get("params", {})
                if all(info.params.get(arg) in values for arg, values in wanted.items()):
                    return group["rule"], case["why"]
        return None

    def is_sparse_name(self, info, ref):
        source, attr = info.facts.imports.get(ref, ("", ""))
        if source.startswith("scipy.sparse") or (source, attr) == ("scipy", "sparse"):
            return True
        if source.startswith("sklearn") and (attr or "").startswith("_sparse"):
            return True  # _sparse_random_array, _sparse_eye_array (not make_sparse_uncorrelated)
        value = info.module.__dict__.get(ref)
        if isinstance(value, (list, tuple)) and value and all(
                isinstance(v, type) and issubclass(v, self.sparse_types) for v in value):
            return True  # CSR_CONTAINERS and the like
        return False

    def excluded_option(self, params, owners, direct, module, family):
        excluded = selection.EXCLUDED_OPTIONS
        anywhere = set(selection.UNAMBIGUOUS_EXCLUDED_SOLVERS)
        for arg, value in params.items():
            owner = owners.get(arg)
            if owner and isinstance(value, str) and value in excluded.get(owner, {}).get(arg, []):
                return f"{arg}={value!r}"
            if not owner and arg == "solver" and value in anywhere:
                return f"{arg}={value!r}"
            for leaf in _leaves(value):
                options = excluded.get(type(leaf).__name__)
                if not options:
                    continue
                if isinstance(leaf, Unbuilt):
                    got = leaf._unbuilt_kwargs
                elif hasattr(leaf, "get_params"):
                    got = leaf.get_params(deep=False)
                else:
                    continue
                for kw, bad in options.items():
                    if got.get(kw) in bad:
                        return f"{arg}={type(leaf).__name__}({kw}={got[kw]!r})"
        for callee, kw, value in direct.option_calls:
            estimators = [callee] if callee in excluded else list(set(owners.values()))
            for est in estimators:
                if value in excluded.get(est, {}).get(kw, []):
                    return f"{callee}({kw}={value!r}) in the test body"
            if kw == "solver" and value in anywhere:
                return f"{callee}({kw}={value!r}) in the test body"
        solvers = set(anywhere)
        for est in set(owners.values()):
            solvers.update(excluded.get(est, {}).get("solver", []))
        looped = set(direct.loop_strings)
        for ref in direct.loop_names:
            value = module.__dict__.get(ref)
            if isinstance(value, (list, tuple, set, frozenset, dict)):
                looped.update(v for v in value if isinstance(v, str))
        hit = sorted(solvers & looped)
        if hit:
            return f"loops over solver(s) {', '.join(hit)} in the test body"
        return None

    def is_duplicate(self, item, owners):
        """Whether an earlier case of the test is the same once aliases are mapped."""
        if not hasattr(item, "callspec"):
            return False
        key = [item.module.__name__, item.cls.__name__ if item.cls else "", item.originalname]
        for arg, value in sorted(item.callspec.params.items()):
            if arg in owners:
                value = _alias(owners[arg], arg, value)
            if isinstance(value, (str, int, float, bool, type(None))):
                key.append((arg, type(value).__name__, value))
            else:
                key.append((arg, "id", id(value)))
        key = repr(key)
        if key in self.seen_cases:
            return True
        self.seen_cases.add(key)
        return False


_OPTION_KEYWORDS = {kw for options in selection.EXCLUDED_OPTIONS.values() for kw in options}
_OPTION_KEYWORDS |= {kw for owners in selection.OPTION_OWNERS.values() for kw in owners}


def _follow(obj, attrs):
    for attr in attrs:
        obj = getattr(obj, attr, None)
    return obj


def _is_plain_constant(value):
    """TREE_LEAF (-1) is a documented value, not a helper."""
    return isinstance(value, (int, float, str, bool)) and value is not None


def _short(value):
    if isinstance(value, type):
        return value.__name__
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ---------------------------------------------------------------------------
# 4. Recording outcomes, with a time limit per test
# ---------------------------------------------------------------------------

class TimeLimitExceeded(BaseException):
    """Raised in a test that runs past the time limit (a BaseException, so
    ``except Exception`` in the code under test cannot swallow it)."""


def _raise_timeout(signum, frame):
    raise TimeLimitExceeded(f"test ran longer than the {_STATE['timeout']} s limit")


_STATE = {"timeout": 60}


def _where(excinfo):
    """The innermost frame of the traceback, as 'package/file.py:function'."""
    tb = excinfo.tb
    frames = traceback.extract_tb(tb)
    if not frames:
        return ""
    # the innermost frame in skratch, else in sklearn, else the last one
    for wanted in ("/skratch/", "/sklearn/"):
        for frame in reversed(frames):
            if wanted in frame.filename.replace(os.sep, "/"):
                tail = frame.filename.replace(os.sep, "/").split(wanted, 1)[1]
                return f"{wanted.strip('/')}/{tail}:{frame.name}"
    frame = frames[-1]
    return f"{Path(frame.filename).name}:{frame.name}"


class Recorder:
    def __init__(self, config, selector):
        self.config = config
        self.selector = selector
        self.cases = {}
        self.excluded = []
        self.started = time.time()

    def case(self, item):
        rel = self.selector.module_names.get(item.module.__name__, "")
        return self.cases.setdefault(item.nodeid, {
            "nodeid": item.nodeid, "file": rel, "test": item.originalname,
            "outcome": None, "phase": None, "exception": None, "message": None,
            "where": None, "duration": 0.0,
            "mixed_with": dict(item.user_properties).get("skratch_mixed", []),
            "uses": dict(item.user_properties).get("skratch_uses", []),
        })


def pytest_addoption(parser):
    group = parser.getgroup("skratch", "scikit-learn's own tests on Skratch")
    group.addoption("--skratch-json", default=None,
                    help="write the raw per-case results here")
    group.addoption("--skratch-control", default=None, metavar="IDS_FILE",
                    help="control run: no swapping, only the node ids listed in IDS_FILE")
    group.addoption("--skratch-timeout", type=float, default=60.0,
                    help="seconds per test phase before it counts as failed (0: none)")


def pytest_configure(config):
    swap = Swap()
    files = measured_files()
    root = _sklearn_dir()
    paths = {"sklearn." + rel[:-3].replace("/", "."): root / rel for rel in files}
    finder = MeasuredModules(paths, swap, config)
    control = config.getoption("--skratch-control")
    if not control:
        sys.meta_path.insert(0, finder)
    selector = Selector(swap, finder, files)
    config._skratch_recorder = Recorder(config, selector)
    config._skratch_control = set(Path(control).read_text().split("\n")) if control else None
    _STATE["timeout"] = config.getoption("--skratch-timeout")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    recorder = config._skratch_recorder
    selector = recorder.selector
    keep, drop, measured = [], [], []
    if config._skratch_control is not None:
        # the control run: scikit-learn's own classes on the cases a
        # measurement counted (their ids in the file), nothing swapped
        for item in items:
            (keep if item.nodeid in config._skratch_control else drop).append(item)
        for item in keep:
            recorder.case(item)
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
        return
    for item in items:
        module = getattr(item, "module", None)
        if module is None or module.__name__ not in selector.module_names:
            drop.append(item)
        else:
            measured.append((item, selector.describe(item)))
    # tests with a sparse container among their parameters (not merely a
    # data set named "sparse-..."): their body's sparse names handle that
    # parameter (`X_container in CSR_CONTAINERS`), so only the parameter decides
    sparse_parametrized = {info.function_key for _, info in measured
                           if "sparse" in info.param_kinds}
    for item, info in measured:
        group, detail = selector.decide(item, info, sparse_parametrized)
        if group is None:
            keep.append(item)
            recorder.case(item)
        else:
            drop.append(item)
            recorder.excluded.append({"nodeid": item.nodeid, "file": info.rel,
                                      "test": item.originalname, "rule": group,
                                      "detail": detail})
    if drop:
        config.hook.pytest_deselected(items=drop)
    items[:] = keep


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    # a shared estimator that could not be built at import fails the case here
    for value in getattr(item, "funcargs", {}).values():
        for leaf in _leaves(value):
            if isinstance(leaf, Unbuilt):
                raise leaf._unbuilt_error


class _TimeLimit:
    """SIGALRM after the limit raises TimeLimitExceeded in the running test."""

    def __enter__(self):
        self.armed = bool(_STATE["timeout"]) and hasattr(signal, "SIGALRM")
        if self.armed:
            self.previous = signal.signal(signal.SIGALRM, _raise_timeout)
            signal.setitimer(signal.ITIMER_REAL, _STATE["timeout"])

    def __exit__(self, *exc):
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    with _TimeLimit():
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    with _TimeLimit():
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    recorder = item.config._skratch_recorder
    if item.nodeid not in recorder.cases:
        return report
    case = recorder.case(item)
    case["duration"] += report.duration
    if report.when == "call" or report.outcome != "passed":
        if case["outcome"] in (None, "passed"):
            outcome = report.outcome
            if hasattr(report, "wasxfail"):
                outcome = "xfailed" if report.skipped else "xpassed"
            elif report.failed and report.when != "call":
                outcome = "error"
            if call.excinfo is not None and call.excinfo.errisinstance(TimeLimitExceeded):
                outcome = "timeout"
            if outcome == "passed" and report.when != "call":
                return report
            case["outcome"], case["phase"] = outcome, report.when
            if call.excinfo is not None and outcome != "passed":
                exc = call.excinfo.value
                case["exception"] = type(exc).__name__
                text = str(exc).strip()
                if outcome == "skipped":
                    text = getattr(exc, "msg", text)
                case["message"] = text[:2000]
                case["where"] = _where(call.excinfo)
    return report


def pytest_sessionfinish(session, exitstatus):
    recorder = getattr(session.config, "_skratch_recorder", None)
    path = session.config.getoption("--skratch-json")
    if recorder is None or not path:
        return
    import numpy
    import sklearn
    import skratch
    result = {
        "skratch_file": skratch.__file__,
        "sklearn_version": sklearn.__version__,
        "numpy_version": numpy.__version__,
        "python": sys.version.split()[0],
        "seconds": round(time.time() - recorder.started, 1),
        "timeout": _STATE["timeout"],
        "files": sorted(recorder.selector.files),
        "alias_rewrites": recorder.selector.finder.alias_rewrites,
        "cases": list(recorder.cases.values()),
        "excluded": recorder.excluded,
        "exit_status": int(exitstatus),
    }
    Path(path).write_text(json.dumps(result, indent=1, default=str))
