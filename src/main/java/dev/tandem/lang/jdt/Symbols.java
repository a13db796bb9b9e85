package dev.tandem.lang.jdt;

import dev.tandem.lang.TextDocument;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jdt.core.dom.ASTNode;
import org.eclipse.jdt.core.dom.AbstractTypeDeclaration;
import org.eclipse.jdt.core.dom.AnnotationTypeDeclaration;
import org.eclipse.jdt.core.dom.AnnotationTypeMemberDeclaration;
import org.eclipse.jdt.core.dom.BodyDeclaration;
import org.eclipse.jdt.core.dom.CompilationUnit;
import org.eclipse.jdt.core.dom.EnumConstantDeclaration;
import org.eclipse.jdt.core.dom.EnumDeclaration;
import org.eclipse.jdt.core.dom.FieldDeclaration;
import org.eclipse.jdt.core.dom.MethodDeclaration;
import org.eclipse.jdt.core.dom.RecordDeclaration;
import org.eclipse.jdt.core.dom.SimpleName;
import org.eclipse.jdt.core.dom.SingleVariableDeclaration;
import org.eclipse.jdt.core.dom.TypeDeclaration;
import org.eclipse.jdt.core.dom.VariableDeclarationFragment;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.SymbolKind;

/** The outline of a file: types with their fields, methods and nested types (from a parse without bindings). */
public final class Symbols {

    private Symbols() {
    }

    @SuppressWarnings("unchecked")
    public static List<DocumentSymbol> of(CompilationUnit unit, TextDocument doc) {
        List<DocumentSymbol> result = new ArrayList<>();
        for (AbstractTypeDeclaration type : (List<AbstractTypeDeclaration>) unit.types()) {
            result.add(type(type, doc));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static DocumentSymbol type(AbstractTypeDeclaration type, TextDocument doc) {
        SymbolKind kind = type instanceof EnumDeclaration ? SymbolKind.Enum
                : type instanceof RecordDeclaration ? SymbolKind.Struct
                : type instanceof AnnotationTypeDeclaration ? SymbolKind.Interface
                : ((TypeDeclaration) type).isInterface() ? SymbolKind.Interface : SymbolKind.Class;
        DocumentSymbol symbol = symbol(type.getName(), kind, type, doc, null);
        List<DocumentSymbol> children = new ArrayList<>();
        if (type instanceof EnumDeclaration e) {
            for (EnumConstantDeclaration c : (List<EnumConstantDeclaration>) e.enumConstants()) {
                children.add(symbol(c.getName(), SymbolKind.EnumMember, c, doc, null));
            }
        }
        if (type instanceof RecordDeclaration r) {
            for (SingleVariableDeclaration c : (List<SingleVariableDeclaration>) r.recordComponents()) {
                children.add(symbol(c.getName(), SymbolKind.Field, c, doc, c.getType().toString()));
            }
        }
        for (BodyDeclaration body : (List<BodyDeclaration>) type.bodyDeclarations()) {
            if (body instanceof AbstractTypeDeclaration nested) {
                children.add(type(nested, doc));
            } else if (body instanceof MethodDeclaration m) {
                children.add(symbol(m.getName(), m.isConstructor() ? SymbolKind.Constructor : SymbolKind.Method, m, doc,
                        parameters(m)));
            } else if (body instanceof FieldDeclaration f) {
                for (VariableDeclarationFragment fragment : (List<VariableDeclarationFragment>) f.fragments()) {
                    children.add(symbol(fragment.getName(), SymbolKind.Field, f, doc, f.getType().toString()));
                }
            } else if (body instanceof AnnotationTypeMemberDeclaration a) {
                children.add(symbol(a.getName(), SymbolKind.Method, a, doc, a.getType().toString()));
            }
        }
        symbol.setChildren(children);
        return symbol;
    }

    @SuppressWarnings("unchecked")
    private static String parameters(MethodDeclaration m) {
        List<String> types = new ArrayList<>();
        for (SingleVariableDeclaration p : (List<SingleVariableDeclaration>) m.parameters()) {
            types.add(p.getType().toString() + (p.isVarargs() ? "..." : ""));
        }
        return "(" + String.join(", ", types) + ")" + (m.getReturnType2() == null ? "" : " : " + m.getReturnType2());
    }

    private static DocumentSymbol symbol(SimpleName name, SymbolKind kind, ASTNode node, TextDocument doc, String detail) {
        var range = doc.range(node.getStartPosition(), node.getStartPosition() + node.getLength());
        var selection = doc.range(name.getStartPosition(), name.getStartPosition() + name.getLength());
        return new DocumentSymbol(name.getIdentifier(), kind, range, selection, detail);
    }
}
