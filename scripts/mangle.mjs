// The build's last step: the property names that only a module's own, unexported classes use (the
// engine's state, `ActiveRun` and `PendingInput` in src/core/run.ts) are shortened in dist/, as the
// minifier of an app's bundler shortens local variables but never a property. It let the engine be a
// class, a short method per transition, for what its closure cost in bytes (docs/performance.md).
//
// A name is shortened only when every place the module uses it as a property resolves, for the
// compiler, to a member of one of those classes (or of an unexported interface of the module that
// they implement), no exported type of the package has a member of that name, and no type the class
// extends or implements has one (`handleEvent` of an `EventListenerObject` is called by the platform):
// the other modules, the platform and an app never see it.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** A member of a class or an interface that the module does not export. */
function isPrivateMember(declaration, sourceFile) {
  if (declaration.getSourceFile() !== sourceFile) return false;
  const owner = ts.isParameter(declaration) ? declaration.parent.parent : declaration.parent;
  if (!ts.isClassDeclaration(owner) && !ts.isInterfaceDeclaration(owner)) return false;
  return !owner.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

/** Every member name of every exported class, interface and type in the program's sources. */
function publicMemberNames(program, root) {
  const names = new Set();
  for (const sourceFile of program.getSourceFiles()) {
    if (relative(root, sourceFile.fileName).startsWith('..') || sourceFile.isDeclarationFile) continue;
    const visit = (node) => {
      const exported = node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
      if (exported || ts.isTypeLiteralNode(node)) {
        for (const member of node.members ?? []) if (member.name) names.add(member.name.getText(sourceFile));
      }
      if (exported && ts.isTypeAliasDeclaration(node)) {
        // Object types nested in an exported alias.
        node.type.forEachChild(function literal(child) {
          if (ts.isTypeLiteralNode(child))
            for (const member of child.members) names.add(member.name?.getText(sourceFile));
          child.forEachChild(literal);
        });
      }
      node.forEachChild(visit);
    };
    visit(sourceFile);
  }
  return names;
}

/** The symbol of the property that `name` stands for, where it is used or declared as one; `null` elsewhere. */
function propertySymbol(checker, name) {
  const parent = name.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === name) return checker.getSymbolAtLocation(name);
  if ((ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) && parent.name === name) {
    return checker.getContextualType(parent.parent)?.getProperty(name.text) ?? undefined;
  }
  if (ts.isBindingElement(parent) && ts.isObjectBindingPattern(parent.parent)) {
    if ((parent.propertyName ?? parent.name) !== name) return null;
    return checker.getTypeAtLocation(parent.parent).getProperty(name.text) ?? undefined;
  }
  if (
    (ts.isPropertyDeclaration(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodSignature(parent) ||
      (ts.isParameter(parent) && ts.isConstructorDeclaration(parent.parent))) &&
    parent.name === name
  ) {
    if (ts.isParameter(parent) && !parent.modifiers?.length) return null;
    return checker.getSymbolAtLocation(name);
  }
  return null;
}

/** The members of every type a class of the module extends or implements. */
function inheritedNames(checker, sourceFile) {
  const names = new Set();
  const visit = (node) => {
    if (ts.isClassDeclaration(node)) {
      for (const clause of node.heritageClauses ?? []) {
        for (const type of clause.types) {
          for (const property of checker.getPropertiesOfType(checker.getTypeAtLocation(type))) {
            // An interface of the module's own, which nothing outside it implements, passes nothing on.
            const own = property.declarations?.every((declaration) =>
              isPrivateMember(declaration, sourceFile),
            );
            if (!own) names.add(property.name);
          }
        }
      }
    }
    node.forEachChild(visit);
  };
  visit(sourceFile);
  return names;
}

/** The names to shorten in the module built from `file`. */
export function privateNames(program, file, root) {
  const sourceFile = program.getSourceFile(file);
  const checker = program.getTypeChecker();
  const publicNames = publicMemberNames(program, root);
  for (const name of inheritedNames(checker, sourceFile)) publicNames.add(name);
  const candidates = new Set();
  const refused = new Set();
  const visit = (node) => {
    if (ts.isIdentifier(node)) {
      const symbol = propertySymbol(checker, node);
      if (symbol !== null) {
        const own =
          symbol?.declarations?.length && symbol.declarations.every((d) => isPrivateMember(d, sourceFile));
        (own ? candidates : refused).add(node.text);
      }
    }
    node.forEachChild(visit);
  };
  visit(sourceFile);
  return [...candidates].filter((name) => !refused.has(name) && !publicNames.has(name)).sort();
}

/** Shortens the private names of each module of `src/` in the builds in `outDirs`, keeping source maps. */
export async function manglePrivateNames(root, outDirs) {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.build.json'), {}, ts.sys);
  const program = ts.createProgram(config.fileNames, config.options);
  const mangled = {};
  for (const file of config.fileNames) {
    if (file.includes('/src/rxjs9/')) continue;
    const names = privateNames(program, file, root);
    if (names.length === 0) continue;
    mangled[relative(root, file)] = names;
    const output = relative(join(root, 'src'), file).replace(/\.ts$/, '.js');
    for (const outDir of outDirs) {
      const target = join(root, outDir, output);
      if (!existsSync(target)) continue;
      await build({
        entryPoints: [target],
        outfile: target,
        allowOverwrite: true,
        bundle: false,
        write: true,
        sourcemap: true,
        target: 'es2020',
        logLevel: 'warning',
        // Not the project's tsconfig.json, whose strict mode would add a "use strict" to every module.
        tsconfigRaw: '{}',
        mangleProps: new RegExp(`^(${names.join('|')})$`),
      });
    }
  }
  return mangled;
}
