package dev.tandem.lang.jdt;

import dev.tandem.lang.TextDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jdt.core.dom.ASTNode;
import org.eclipse.jdt.core.dom.AbstractTypeDeclaration;
import org.eclipse.jdt.core.dom.ClassInstanceCreation;
import org.eclipse.jdt.core.dom.CompilationUnit;
import org.eclipse.jdt.core.dom.IMethodBinding;
import org.eclipse.jdt.core.dom.ITypeBinding;
import org.eclipse.jdt.core.dom.MethodInvocation;
import org.eclipse.jdt.core.dom.NodeFinder;
import org.eclipse.jdt.core.dom.SuperMethodInvocation;
import org.eclipse.lsp4j.ParameterInformation;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.SignatureInformation;

/**
 * Signature help inside a call: the overloads of the method whose argument list holds the caret,
 * the one the compiler picked (or the first that has enough parameters) active, and the parameter
 * the caret is in.
 */
public final class Signatures {

    private Signatures() {
    }

    public static SignatureHelp help(TextDocument doc, int offset, Function<String, CompilationUnit> compile) {
        String text = doc.text();
        int open = openParen(text, offset);
        if (open < 0) {
            return null;
        }
        int argument = commasBetween(text, open + 1, offset);
        int nameEnd = open;
        while (nameEnd > 0 && Character.isWhitespace(text.charAt(nameEnd - 1))) {
            nameEnd--;
        }
        int nameStart = nameEnd;
        while (nameStart > 0 && Character.isJavaIdentifierPart(text.charAt(nameStart - 1))) {
            nameStart--;
        }
        if (nameStart == nameEnd) {
            return null;
        }
        CompilationUnit unit = compile.apply(text);
        ASTNode node = NodeFinder.perform(unit, nameStart, nameEnd - nameStart);
        List<IMethodBinding> candidates = new ArrayList<>();
        IMethodBinding chosen = null;
        for (ASTNode n = node; n != null && candidates.isEmpty(); n = n.getParent()) {
            if (n instanceof MethodInvocation m) {
                chosen = m.resolveMethodBinding();
                ITypeBinding owner = m.getExpression() != null ? m.getExpression().resolveTypeBinding() : enclosingType(m);
                candidates = methods(owner, m.getName().getIdentifier(), false);
            } else if (n instanceof SuperMethodInvocation m) {
                chosen = m.resolveMethodBinding();
                ITypeBinding owner = enclosingType(m);
                candidates = methods(owner == null ? null : owner.getSuperclass(), m.getName().getIdentifier(), false);
            } else if (n instanceof ClassInstanceCreation c) {
                chosen = c.resolveConstructorBinding();
                candidates = methods(c.getType().resolveBinding(), null, true);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        List<SignatureInformation> signatures = new ArrayList<>();
        int active = -1;
        for (int i = 0; i < candidates.size(); i++) {
            IMethodBinding m = candidates.get(i);
            signatures.add(information(m));
            if (chosen != null && m.getMethodDeclaration().isEqualTo(chosen.getMethodDeclaration())) {
                active = i;
            }
        }
        if (active < 0) {
            active = 0;
            for (int i = 0; i < candidates.size(); i++) {
                if (candidates.get(i).getParameterTypes().length > argument) {
                    active = i;
                    break;
                }
            }
        }
        return new SignatureHelp(signatures, active, argument);
    }

    private static ITypeBinding enclosingType(ASTNode node) {
        AbstractTypeDeclaration type = Completions.enclosing(node, AbstractTypeDeclaration.class);
        return type == null ? null : type.resolveBinding();
    }

    private static List<IMethodBinding> methods(ITypeBinding type, String name, boolean constructors) {
        List<IMethodBinding> found = new ArrayList<>();
        if (type == null) {
            return found;
        }
        List<String> seen = new ArrayList<>();
        for (ITypeBinding t : constructors ? List.of(type) : Completions.hierarchy(type)) {
            for (IMethodBinding m : t.getDeclaredMethods()) {
                if (constructors ? m.isConstructor() : !m.isConstructor() && m.getName().equals(name)) {
                    String label = information(m).getLabel();
                    if (!seen.contains(label)) {
                        seen.add(label);
                        found.add(m);
                    }
                }
            }
        }
        return found;
    }

    private static SignatureInformation information(IMethodBinding m) {
        ITypeBinding[] types = m.getParameterTypes();
        String[] names = Completions.parameterNames(m);
        List<ParameterInformation> params = new ArrayList<>();
        StringBuilder label = new StringBuilder(m.isConstructor() ? m.getDeclaringClass().getName() : m.getName()).append('(');
        for (int i = 0; i < types.length; i++) {
            if (i > 0) {
                label.append(", ");
            }
            String p = types[i].getName() + " " + names[i];
            params.add(new ParameterInformation(p));
            label.append(p);
        }
        label.append(')');
        if (!m.isConstructor()) {
            label.append(" : ").append(m.getReturnType().getName());
        }
        var info = new SignatureInformation(label.toString());
        info.setParameters(params);
        return info;
    }

    /** The unmatched '(' before {@code offset} on the way out of nested parentheses, skipping string literals roughly. */
    static int openParen(String text, int offset) {
        int depth = 0;
        for (int i = Math.min(offset, text.length()) - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (c == ';' || c == '{' || c == '}') {
                return -1;
            }
        }
        return -1;
    }

    static int commasBetween(String text, int from, int to) {
        int depth = 0;
        int commas = 0;
        boolean inString = false;
        for (int i = from; i < to && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (!inString) {
                if (c == '(' || c == '<' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == '>' || c == ']' || c == '}') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    commas++;
                }
            }
        }
        return commas;
    }
}
