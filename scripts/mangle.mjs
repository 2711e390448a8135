// The build's last step: the names of the package's internal properties are shortened in dist/, as an
// app's minifier shortens local variables but never a property. The engine's state (`ActiveRun`,
// `PendingInput`), the `Setup`, `Limits`, `Platform` and `Flavour` the modules hand each other: names an
// app never sees. It lets the engine be a class, a short method per transition, for what its closure
// cost in bytes (docs/performance.md).
//
// A name is shortened only when the compiler resolves every place a module of src/ uses it as a
// property (both entries' programs) to a member declared in src/, and no type an entry exports reaches
// a member of that name, nor a type that a class of src/ extends or implements (`handleEvent` of an
// `EventListenerObject` is called by the platform). Anything it cannot resolve keeps its name. One
// cache gives a name the same short name in every module of both builds.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

const ENTRIES = [
  { config: 'tsconfig.build.json', entry: 'src/index.ts' },
  { config: 'tsconfig.build.rxjs9.json', entry: 'src/rxjs9/index.ts' },
];

const isExported = (node) =>
  node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);

/** A member of a class or an interface, which src/ names: not of an object type written inline, nor an enum's. */
function isMemberOfNamedType(declaration) {
  const owner = ts.isParameter(declaration) ? declaration.parent.parent : declaration.parent;
  return ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner);
}

/** The names to shorten, and the names refused with the reason of the first refusal. */
export function internalNames(root) {
  const src = join(root, 'src') + sep;
  const inSrc = (node) => node.getSourceFile().fileName.startsWith(src.split(sep).join('/'));
  const candidates = new Set();
  const refused = new Map();
  const refuse = (name, why) => refused.has(name) || refused.set(name, why);

  for (const { config, entry } of ENTRIES) {
    const parsed = ts.getParsedCommandLineOfConfigFile(join(root, config), {}, ts.sys);
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const checker = program.getTypeChecker();

    // Every member name that the types an entry exports reach, through the types of src/ they name.
    const seen = new Set();
    const publicDeclaration = (declaration) => {
      if (seen.has(declaration) || !inSrc(declaration)) return;
      seen.add(declaration);
      const walk = (node) => {
        if (
          (ts.isPropertySignature(node) ||
            ts.isMethodSignature(node) ||
            ts.isPropertyDeclaration(node) ||
            ts.isMethodDeclaration(node) ||
            ts.isGetAccessorDeclaration(node)) &&
          node.name
        ) {
          refuse(node.name.getText(), `a member of a public type (${declaration.name?.getText() ?? 'type'})`);
        }
        if (ts.isParameter(node) && ts.isConstructorDeclaration(node.parent) && node.modifiers?.length) {
          refuse(node.name.getText(), 'a public class field');
        }
        if (
          ts.isTypeReferenceNode(node) ||
          ts.isExpressionWithTypeArguments(node) ||
          ts.isTypeQueryNode(node)
        ) {
          const target = ts.isTypeQueryNode(node) ? node.exprName : (node.typeName ?? node.expression);
          let symbol = checker.getSymbolAtLocation(target);
          if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
          for (const next of symbol?.declarations ?? []) publicDeclaration(next);
        }
        node.forEachChild(walk);
      };
      walk(declaration);
    };
    const entryFile = program.getSourceFile(join(root, entry));
    for (let symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(entryFile))) {
      if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      for (const declaration of symbol.declarations ?? []) publicDeclaration(declaration);
    }

    for (const sourceFile of program.getSourceFiles()) {
      if (sourceFile.isDeclarationFile || !inSrc(sourceFile)) continue;
      const visit = (node) => {
        if (ts.isClassDeclaration(node)) {
          // What a class inherits or promises from elsewhere is called from elsewhere.
          for (const clause of node.heritageClauses ?? []) {
            for (const type of clause.types) {
              for (const property of checker.getPropertiesOfType(checker.getTypeAtLocation(type))) {
                if (!property.declarations?.every(inSrc))
                  refuse(property.name, `inherited from outside src/`);
              }
            }
          }
        }
        // A CommonJS module reads its imports and writes its exports as properties (`rxjs_1.from`).
        if (ts.isImportSpecifier(node) || ts.isExportSpecifier(node)) {
          refuse((node.propertyName ?? node.name).text, 'imported or exported');
          refuse(node.name.text, 'imported or exported');
        }
        if (isExported(node) && node.name && ts.isIdentifier(node.name)) refuse(node.name.text, 'exported');
        if (ts.isVariableStatement(node) && isExported(node)) {
          for (const { name } of node.declarationList.declarations)
            if (ts.isIdentifier(name)) refuse(name.text, 'exported');
        }
        if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
          const symbol = propertySymbol(checker, node);
          if (symbol !== null) {
            const declarations = symbol?.declarations ?? [];
            if (declarations.length === 0)
              refuse(node.text, `unresolved in ${relative(root, sourceFile.fileName)}`);
            else if (!declarations.every(inSrc)) refuse(node.text, `declared outside src/`);
            // An object type written inline describes what comes from elsewhere (`Symbol as { observable?: symbol }`).
            else if (!declarations.every(isMemberOfNamedType))
              refuse(node.text, 'a member of an inline type');
            else candidates.add(node.text);
          }
        }
        node.forEachChild(visit);
      };
      visit(sourceFile);
    }
  }
  const names = [...candidates].filter((name) => !refused.has(name)).sort();
  return { names, refused };
}

/** The symbol of the property that `name` stands for where it is used or declared as one; `null` elsewhere. */
function propertySymbol(checker, name) {
  const parent = name.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === name) return checker.getSymbolAtLocation(name);
  // A property of an object literal is the property of the type the literal is written for.
  if (
    ts.isObjectLiteralElementLike(parent) &&
    parent.name === name &&
    ts.isObjectLiteralExpression(parent.parent)
  ) {
    const type = checker.getContextualType(parent.parent);
    return type?.getProperty(name.text) ?? type?.getNonNullableType().getProperty(name.text) ?? undefined;
  }
  if (ts.isBindingElement(parent) && ts.isObjectBindingPattern(parent.parent)) {
    if ((parent.propertyName ?? parent.name) !== name) return null;
    return checker.getTypeAtLocation(parent.parent).getProperty(name.text) ?? undefined;
  }
  const declares =
    ts.isPropertyDeclaration(parent) ||
    ts.isMethodDeclaration(parent) ||
    ts.isGetAccessorDeclaration(parent) ||
    ts.isSetAccessorDeclaration(parent) ||
    ts.isPropertySignature(parent) ||
    ts.isMethodSignature(parent) ||
    (ts.isParameter(parent) && ts.isConstructorDeclaration(parent.parent) && parent.modifiers?.length);
  return declares && parent.name === name ? checker.getSymbolAtLocation(name) : null;
}

/** Shortens the internal names in every module of the builds in `outDirs`, keeping their source maps. */
export async function mangleInternalNames(root, outDirs) {
  const { names } = internalNames(root);
  if (names.length === 0) return names;
  const mangleProps = new RegExp(`^(${names.join('|')})$`);
  let mangleCache = {};
  for (const outDir of outDirs) {
    const files = readdirSync(join(root, outDir), { recursive: true })
      .map(String)
      .filter((file) => file.endsWith('.js'));
    for (const file of files) {
      const target = join(root, outDir, file);
      const result = await build({
        entryPoints: [target],
        outfile: target,
        allowOverwrite: true,
        bundle: false,
        write: true,
        sourcemap: true,
        // The package ships src/, which the maps point to.
        sourcesContent: false,
        target: 'es2020',
        logLevel: 'warning',
        // Not the project's tsconfig.json, whose strict mode would add a "use strict" to every module.
        tsconfigRaw: '{}',
        mangleProps,
        mangleCache,
      });
      mangleCache = result.mangleCache;
    }
  }
  return names;
}
