package dev.tandem.lang.jdt;

import org.eclipse.jdt.core.dom.ASTNode;
import org.eclipse.jdt.core.dom.CompilationUnit;
import org.eclipse.jdt.core.dom.IBinding;
import org.eclipse.jdt.core.dom.IMethodBinding;
import org.eclipse.jdt.core.dom.ITypeBinding;
import org.eclipse.jdt.core.dom.IVariableBinding;
import org.eclipse.jdt.core.dom.Modifier;
import org.eclipse.jdt.core.dom.NodeFinder;
import org.eclipse.jdt.core.dom.SimpleName;

/** Small helpers on bindings: the name under the caret, the generic declaration of a binding, readable signatures. */
public final class Bindings {

    private Bindings() {
    }

    /** The simple name at (or just before) {@code offset}, if any. */
    public static SimpleName nameAt(CompilationUnit unit, int offset) {
        ASTNode node = NodeFinder.perform(unit, offset, 0);
        if (node instanceof SimpleName name) {
            return name;
        }
        if (offset > 0) {
            node = NodeFinder.perform(unit, offset - 1, 0);
            if (node instanceof SimpleName name) {
                return name;
            }
        }
        return null;
    }

    /** The declaration behind a use: {@code List<String>.add} → {@code List.add}, a parameterized type → its generic type. */
    public static IBinding declaration(IBinding binding) {
        if (binding instanceof IMethodBinding m) {
            return m.getMethodDeclaration();
        }
        if (binding instanceof IVariableBinding v) {
            return v.getVariableDeclaration();
        }
        if (binding instanceof ITypeBinding t) {
            return t.isArray() ? t.getElementType().getTypeDeclaration() : t.getTypeDeclaration();
        }
        return binding;
    }

    public static String key(IBinding binding) {
        IBinding decl = declaration(binding);
        return decl == null ? null : decl.getKey();
    }

    /** The top-level type that declares a binding (its file), or null for packages and local things of binaries. */
    public static ITypeBinding topLevelType(IBinding binding) {
        ITypeBinding type = null;
        if (binding instanceof ITypeBinding t) {
            type = t;
        } else if (binding instanceof IMethodBinding m) {
            type = m.getDeclaringClass();
        } else if (binding instanceof IVariableBinding v) {
            type = v.isField() ? v.getDeclaringClass()
                    : v.getDeclaringMethod() != null ? v.getDeclaringMethod().getDeclaringClass() : null;
        }
        if (type == null) {
            return null;
        }
        type = type.getTypeDeclaration();
        while (type.getDeclaringClass() != null) {
            type = type.getDeclaringClass();
        }
        if (type.isLocal() || type.isAnonymous()) {
            return null;
        }
        return type;
    }

    /** A Java-like one-line signature, e.g. {@code int java.lang.String.length()}. */
    public static String signature(IBinding binding) {
        if (binding instanceof IMethodBinding m) {
            StringBuilder s = new StringBuilder(modifiers(m.getModifiers()));
            if (!m.isConstructor()) {
                s.append(m.getReturnType().getName()).append(' ');
            }
            s.append(m.getDeclaringClass().getErasure().getQualifiedName());
            if (!m.isConstructor()) {
                s.append('.').append(m.getName());
            }
            s.append('(');
            ITypeBinding[] params = m.getParameterTypes();
            String[] names = Completions.parameterNames(m);
            for (int i = 0; i < params.length; i++) {
                if (i > 0) {
                    s.append(", ");
                }
                s.append(params[i].getName()).append(' ').append(names[i]);
            }
            s.append(')');
            ITypeBinding[] exceptions = m.getExceptionTypes();
            for (int i = 0; i < exceptions.length; i++) {
                s.append(i == 0 ? " throws " : ", ").append(exceptions[i].getName());
            }
            return s.toString();
        }
        if (binding instanceof IVariableBinding v) {
            String owner = v.isField() && v.getDeclaringClass() != null ? v.getDeclaringClass().getErasure().getQualifiedName() + "." : "";
            return modifiers(v.getModifiers()) + v.getType().getName() + " " + owner + v.getName();
        }
        if (binding instanceof ITypeBinding t) {
            String kind = t.isAnnotation() ? "@interface" : t.isInterface() ? "interface" : t.isEnum() ? "enum"
                    : t.isRecord() ? "record" : t.isTypeVariable() ? "type parameter" : "class";
            return modifiers(t.getModifiers()) + kind + " " + t.getQualifiedName();
        }
        return binding.getName();
    }

    private static String modifiers(int flags) {
        String m = Modifier.ModifierKeyword.fromFlagValue(flags & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.PRIVATE)) == null
                ? "" : Modifier.ModifierKeyword.fromFlagValue(flags & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.PRIVATE)) + " ";
        if (Modifier.isStatic(flags)) {
            m += "static ";
        }
        if (Modifier.isAbstract(flags)) {
            m += "abstract ";
        }
        if (Modifier.isFinal(flags)) {
            m += "final ";
        }
        return m;
    }
}
